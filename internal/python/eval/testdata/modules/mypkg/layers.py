from ..helpers import double
from .sub.deep import DEPTH
def make_layer(n):
    return ("layer", double(n), DEPTH, __name__)
