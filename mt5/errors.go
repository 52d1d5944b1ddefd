package mt5

import "fmt"

// FormatError reports a file that does not fit its format, with the byte
// offset (binary files) or the line (text files) where it stops fitting.
type FormatError struct {
	File   string
	Offset int64 // byte offset; used when Line is 0
	Line   int   // 1-based line number of a text file; 0 for a binary file
	Msg    string
}

func (e *FormatError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("read %s: line %d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("read %s: offset %d: %s", e.File, e.Offset, e.Msg)
}

// offsetError returns a FormatError at byte offset off.
func offsetError(file string, off int, format string, args ...any) error {
	return &FormatError{File: file, Offset: int64(off), Msg: fmt.Sprintf(format, args...)}
}

// lineError returns a FormatError at a line of a text file.
func lineError(file string, line int, format string, args ...any) error {
	if line < 1 {
		line = 1
	}
	return &FormatError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}
