package prompts

import "errors"

// ErrNotFound means no prompt of that name is shipped.
var ErrNotFound = errors.New("prompts: no such prompt")
