// The one error the readers and writers of this package raise for a model they cannot take: a
// file that is not what it claims, or a graph or layer deltaml cannot represent. It is a core
// ModelFileError, so the command line reports it as bad input (exit 2) in one line.

import { ModelFileError } from '@deltaml/core';

/** A foreign, truncated or unsupported ONNX or TensorFlow.js model; the message names the node or layer. */
export class InteropError extends ModelFileError {}
