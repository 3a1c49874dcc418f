import torchvision

model = torchvision.models.convnext_tiny(weights=None)
