package eval

// SetPanicHookForTest makes internal errors visible to tests.
func SetPanicHookForTest(f func(any)) { panicHook = f }
