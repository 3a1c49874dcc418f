import math, functools, itertools, collections, copy, random, string, json
from collections import namedtuple, defaultdict, OrderedDict, Counter, deque
from functools import partial, reduce, wraps, lru_cache
assert_eq(math.ceil(2.1), 3)
assert_eq(math.floor(-2.1), -3)
assert_eq(math.sqrt(16), 4.0)
assert_eq(math.prod([2, 3, 4]), 24)
assert_eq(math.log(8, 2), 3.0)
assert_eq(math.pi > 3.14, True)
assert_eq(math.gcd(12, 18), 6)
assert_eq(math.isclose(0.1 + 0.2, 0.3), True)
assert_eq(math.factorial(5), 120)
def add(a, b, c=0):
    return a + b + c
p = partial(add, 1, c=10)
assert_eq(p(2), 13)
assert_eq(reduce(lambda x, y: x * y, [1, 2, 3, 4], 1), 24)
def deco(f):
    @wraps(f)
    def inner(*a):
        return f(*a)
    return inner
@deco
def named():
    return 1
assert_eq(named.__name__, "named")
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
assert_eq(fib(20), 6765)
@functools.lru_cache
def one():
    return 1
assert_eq(one(), 1)
assert_eq(list(itertools.chain([1], (2, 3))), [1, 2, 3])
assert_eq(list(itertools.chain.from_iterable([[1], [2]])), [1, 2])
assert_eq(list(itertools.product([1, 2], "ab")), [(1, "a"), (1, "b"), (2, "a"), (2, "b")])
assert_eq(list(itertools.islice(itertools.count(5), 3)), [5, 6, 7])
assert_eq(list(itertools.repeat("x", 2)), ["x", "x"])
assert_eq(list(itertools.combinations([1, 2, 3], 2)), [(1, 2), (1, 3), (2, 3)])
assert_eq(len(list(itertools.permutations(range(3)))), 6)
assert_eq(list(itertools.zip_longest([1, 2], [3], fillvalue=0)), [(1, 3), (2, 0)])
assert_eq(list(itertools.accumulate([1, 2, 3])), [1, 3, 6])
assert_eq([(k, list(g)) for k, g in itertools.groupby("aab")], [("a", ["a", "a"]), ("b", ["b"])])
Point = namedtuple("Point", ["x", "y"])
pt = Point(1, y=2)
assert_eq(pt.x + pt.y, 3)
assert_eq(pt[0], 1)
x, y = pt
assert_eq((x, y), (1, 2))
assert_eq(repr(pt), "Point(x=1, y=2)")
assert_eq(pt._replace(x=5).x, 5)
assert_eq(pt._asdict(), {"x": 1, "y": 2})
Shape = namedtuple("Shape", "h w c", defaults=[3])
assert_eq(Shape(1, 2).c, 3)
dd = defaultdict(list)
dd["a"].append(1)
dd["a"].append(2)
assert_eq(dd["a"], [1, 2])
assert_eq(len(dd), 1)
cnt = defaultdict(int)
for w in "abca":
    cnt[w] += 1
assert_eq(cnt["a"], 2)
c = Counter("abracadabra")
assert_eq(c["a"], 5)
assert_eq(c.most_common(1), [("a", 5)])
assert_eq(c["z"], 0)
od = OrderedDict()
od["z"] = 1
od["a"] = 2
assert_eq(list(od.keys()), ["z", "a"])
dq = deque([1, 2], maxlen=5)
dq.appendleft(0)
dq.append(3)
assert_eq(list(dq), [0, 1, 2, 3])
assert_eq(dq.popleft(), 0)
nested = {"a": [1, {"b": 2}]}
deep = copy.deepcopy(nested)
deep["a"][1]["b"] = 3
assert_eq(nested["a"][1]["b"], 2)
shallow = copy.copy(nested)
assert_true(shallow["a"] is nested["a"])
class Obj:
    def __init__(self):
        self.items = [1]
o2 = copy.deepcopy(Obj())
assert_eq(o2.items, [1])
random.seed(0)
r1 = random.random()
random.seed(0)
assert_eq(random.random(), r1)
assert_true(1 <= random.randint(1, 3) <= 3)
assert_true(random.choice([4, 5]) in [4, 5])
assert_eq(string.digits, "0123456789")
assert_eq(json.loads('{"units": 64, "act": "relu", "layers": [1, 2.5, null, true]}'), {"units": 64, "act": "relu", "layers": [1, 2.5, None, True]})
assert_eq(json.dumps({"a": [1, "x"], "b": None}), '{"a": [1, "x"], "b": null}')
assert_eq(json.dumps({"a": 1}, indent=2), '{\n  "a": 1\n}')
---
import argparse
parser = argparse.ArgumentParser(description="train")
parser.add_argument("--hidden-units", type=int, default=128)
parser.add_argument("--lr", type=float, default="0.01")
parser.add_argument("--deep", action="store_true")
parser.add_argument("-n", "--num-classes", dest="classes", default=10, type=int)
group = parser.add_argument_group("data")
group.add_argument("--batch", default=32)
args = parser.parse_args()
assert_eq(args.hidden_units, 128)
assert_eq(args.lr, 0.01)
assert_eq(args.deep, False)
assert_eq(args.classes, 10)
assert_eq(args.batch, 32)
args2 = parser.parse_args(["--hidden-units", "64", "--deep", "--lr=0.5"])
assert_eq((args2.hidden_units, args2.deep, args2.lr), (64, True, 0.5))
ns = argparse.Namespace(a=1)
assert_eq(ns.a, 1)
assert_eq(vars(args2)["classes"], 10)
---
from dataclasses import dataclass, field, asdict
from typing import List, Optional
@dataclass
class GPTConfig:
    block_size: int = 1024
    vocab_size: int = 50304
    n_layer: int = 12
    dropout: float = 0.0
    bias: bool = True
    names: List[str] = field(default_factory=list)
    extra: Optional[int] = None
cfg = GPTConfig(n_layer=6)
assert_eq(cfg.n_layer, 6)
assert_eq(cfg.block_size, 1024)
assert_eq(cfg.names, [])
assert_eq(asdict(cfg)["vocab_size"], 50304)
assert_eq(cfg, GPTConfig(n_layer=6))
assert_eq(repr(GPTConfig(block_size=1)).startswith("GPTConfig(block_size=1, "), True)
@dataclass(frozen=True)
class Pair:
    a: int
    b: int = 2
    def total(self):
        return self.a + self.b
assert_eq(Pair(1).total(), 3)
@dataclass
class Child(Pair):
    c: int = 0
    def __post_init__(self):
        self.total_all = self.a + self.b + self.c
assert_eq(Child(1, 2, 3).total_all, 6)
from typing import NamedTuple
class Spec(NamedTuple):
    filters: int
    kernel: int = 3
assert_eq(Spec(64).kernel, 3)
from enum import Enum, auto
class Mode(Enum):
    TRAIN = 1
    EVAL = 2
    TEST = auto()
assert_eq(Mode.TRAIN.value, 1)
assert_eq(Mode.EVAL.name, "EVAL")
assert_eq(Mode(2), Mode.EVAL)
assert_eq(Mode["TRAIN"], Mode.TRAIN)
assert_eq(Mode.TEST.value, 3)
assert_eq([m.name for m in Mode], ["TRAIN", "EVAL", "TEST"])
assert_eq(str(Mode.TRAIN), "Mode.TRAIN")
assert_true(Mode.TRAIN != Mode.EVAL)
from abc import ABC, abstractmethod
class Base(ABC):
    @abstractmethod
    def forward(self, x):
        pass
class Impl(Base):
    def forward(self, x):
        return x + 1
assert_eq(Impl().forward(1), 2)
from typing import Dict, Tuple, Any, Union, Callable
def typed(x: Dict[str, Any], y: Union[int, None] = None) -> Tuple[int, ...]:
    return (1,)
assert_eq(typed({}), (1,))
class WithInit:
    registry = []
    def __init_subclass__(cls, tag=None, **kwargs):
        super().__init_subclass__(**kwargs)
        WithInit.registry.append((cls.__name__, tag))
class Sub(WithInit, tag="x"):
    pass
assert_eq(WithInit.registry, [("Sub", "x")])
---
from dataclasses import dataclass
@dataclass
class C:
    a: int
C() ### "missing 1 required positional argument: 'a'"
---
import operator, functools
assert_eq(functools.reduce(operator.mul, (7, 7, 512)), 25088)
assert_eq(sorted([(1, "b"), (0, "a")], key=operator.itemgetter(0))[0], (0, "a"))
assert_eq(operator.attrgetter("real")(3) if False else 3, 3)
assert_eq(operator.add(1, 2), 3)
