# Python 2 code still found in old Keras examples.
print "hello", 1
print "formatted %d" % 3
print
print "trailing",
import sys
print >>sys.stderr, "to stderr"
x = 10L + 0777
assert_eq(x, 10 + 511)
for i in xrange(3):
    pass
assert_eq(i, 2)
assert_eq(type(u"text"), unicode)
assert_true(isinstance("s", basestring))
assert_eq(long(5), 5)
d = {"a": 1}
for k, v in d.iteritems():
    assert_eq((k, v), ("a", 1))
assert_eq(d.has_key("a"), True)
assert_eq(list(d.itervalues()), [1])
assert_eq(`1 + 2`, "3")
assert_eq(`"s"`, "'s'")
try:
    raise ValueError, "old style"
except ValueError, e:
    assert_eq(str(e), "old style")
    assert_eq(e.message, "old style")
if 1 <> 2:
    ok = True
assert_true(ok)
assert_eq(7 / 2, 3.5)  # Python 3 semantics, even in Python 2 code
assert_eq(reduce(lambda a, b: a * b, [1, 2, 3, 4]), 24)
assert_eq(cmp(1, 2), -1)
assert_eq(unichr(65), "A")
class Old:
    def __nonzero__(self):
        return False
assert_eq(bool(Old()), False)
---
name = raw_input("name? ") ### "PermissionError: raw_input\(\) is not available in netsum's sandbox"
---
exec "x = 1" ### "exec is not available in netsum's sandbox"
