from .layers import make_layer
from . import layers
VERSION = "1.0"
