Û

serveš

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp

unused_nodeNoOp:3
"
_tf_keras_sequential
:2conv2d/kernel