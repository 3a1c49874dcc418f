package explain

// Hooks for the external tests (package explain_test).
var (
	LabelKey   = labelKey
	ClassifyFn = classify
)
