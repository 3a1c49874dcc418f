import torchvision

model = torchvision.models.mobilenet_v3_small(weights=None)
