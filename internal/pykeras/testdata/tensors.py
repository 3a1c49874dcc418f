# dialect: tf
# Symbolic tensors in tf.keras: TensorShape, K.int_shape, op layers.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, backend as K

x = keras.Input(shape=(28, 28, 1))
assert x.shape.as_list() == [None, 28, 28, 1]
assert x.shape[1] == 28
assert x.shape[0] is None
assert len(x.shape) == 4
assert K.int_shape(x) == (None, 28, 28, 1)
assert x.shape[1:] == (28, 28, 1)
y = layers.Flatten()(x)
assert y.shape[-1] == 784
z = y * 2 + 1
assert K.int_shape(z) == (None, 784)
assert z._keras_history[0].name == "tf.__operators__.add"
s = y[:, :10]
assert K.int_shape(s) == (None, 10)
r = tf.reshape(y, (-1, 28, 28))
assert K.int_shape(r) == (None, 28, 28)
c = tf.concat([y, y], axis=-1)
assert K.int_shape(c) == (None, 1568)
m = tf.reduce_mean(r, axis=1)
assert K.int_shape(m) == (None, 28)
model = keras.Model(x, [s, m])
names = [l.name for l in model.layers]
assert names == ["input_1", "flatten", "tf.reshape", "tf.__operators__.getitem", "tf.math.reduce_mean"], names
---
# dialect: 3
import keras
from keras import layers, ops
x = keras.Input(shape=(8,))
assert x.shape == (None, 8)
y = ops.expand_dims(x, -1)
assert y.shape == (None, 8, 1)
z = ops.concatenate([y, y], axis=-1)
assert z.shape == (None, 8, 2)
t = ops.transpose(z, (0, 2, 1))
assert t.shape == (None, 2, 8)
mm = ops.matmul(t, z)
assert mm.shape == (None, 2, 2)
e = ops.einsum("bij,bjk->bik", t, z)
assert e.shape == (None, 2, 2)
model = keras.Model(x, e)
assert [l.name for l in model.layers] == ["input_layer", "expand_dims", "concatenate", "transpose", "einsum"]
assert ops.ones((3, 4)).shape == (3, 4)
assert layers.Dense(5)(ops.ones((3, 4))).shape == (3, 5)
---
# dialect: 2
# Keras 2: backend ops on Keras tensors give tensors without Keras history.
import keras
from keras import backend as K
from keras.layers import Input, Dense, Lambda
x = Input(shape=(4,))
y = Dense(3)(x)
z = K.sum(y, axis=-1, keepdims=True)
assert K.int_shape(z) == (None, 1)
w = Lambda(lambda t: K.sum(t, axis=-1, keepdims=True))(y)
m = keras.models.Model(x, w)
assert m.output_shape == (None, 1)
keras.models.Model(x, z) ### "Output tensors of a Model must be the output of a Keras layer"
