import torchvision

model = torchvision.models.swin_t(weights=None)
