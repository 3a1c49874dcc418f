import helpers
from helpers import double, Block as B
from helpers import *
assert_eq(helpers.SIZE, 7)
assert_eq(double(3), 6)
assert_eq(B(2).n, 2)
assert_eq(SIZE, 7)
assert_eq("_private" in dir(), False)
import mypkg
assert_eq(mypkg.VERSION, "1.0")
assert_eq(mypkg.make_layer(2), ("layer", 4, 3, "mypkg.layers"))
import mypkg.sub.deep
assert_eq(mypkg.sub.deep.DEPTH, 3)
import mypkg.sub.deep as deep
assert_eq(deep.DEPTH, 3)
from mypkg.sub import deep as d2
assert_true(d2 is deep)
from mypkg import layers
assert_eq(layers.make_layer(1)[1], 2)
import cyc_a
assert_eq(cyc_a.A, 1)
import importlib
m = importlib.import_module("helpers")
assert_true(m is helpers)
assert_eq(__name__, "__main__")
assert_eq(helpers.__name__, "helpers")
---
import broken ### "ValueError: broken module"
---
from helpers import nope ### "cannot import name 'nope' from 'helpers'"
---
from helpers import doubel ### "did you mean 'double'"
