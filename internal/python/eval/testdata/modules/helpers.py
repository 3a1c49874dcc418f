SIZE = 7
def double(x):
    return 2 * x
class Block(object):
    def __init__(self, n):
        self.n = n
_private = 1
