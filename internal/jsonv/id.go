package jsonv

import "reflect"

// mapID identifies a map by its pointer for the offset table.
func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }
