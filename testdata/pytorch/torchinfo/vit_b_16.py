import torchvision

model = torchvision.models.vit_b_16(weights=None)
