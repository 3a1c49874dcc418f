# dialect: 1
# Keras 1.1.1 names: class.lower()_N, one-based, per class.
from keras.layers import Dense, Convolution2D, MaxPooling2D, Input
from keras.models import Sequential, Model
from keras import backend as K
a = Dense(2)
b = Dense(2)
c = Convolution2D(4, 3, 3)
assert a.name == "dense_1" and b.name == "dense_2" and c.name == "convolution2d_1"
m = Sequential()
assert m.name == "sequential_1"
i = Input(shape=(3,))
assert i._keras_history[0].name == "input_1"
f = Model(input=i, output=Dense(1)(i))
assert f.name == "model_1"
K.clear_session()
assert Dense(1).name == "dense_1"
---
# dialect: 2
from keras.layers import Dense, Conv2D, Convolution2D, MaxPooling2D
from keras.models import Sequential
assert Dense(1).name == "dense_1"
assert Conv2D(1, 3).name == "conv2d_1"
assert Convolution2D(1, 3, 3).name == "conv2d_2"
assert MaxPooling2D().name == "max_pooling2d_1"
assert Sequential().name == "sequential_1"
---
# dialect: tf
import tensorflow as tf
from tensorflow.keras import layers
assert layers.Dense(1).name == "dense"
assert layers.Dense(1).name == "dense_1"
assert layers.ConvLSTM2D(1, 3).name == "conv_lst_m2d"
x = tf.keras.Input(shape=(3,))
assert x._keras_history[0].name == "input_1"
m = tf.keras.Model(x, layers.Dense(2)(x))
assert m.name == "model"
assert layers.PReLU().name == "p_re_lu"
tf.keras.backend.clear_session()
assert layers.Dense(1).name == "dense"
---
# dialect: 3
import keras
from keras import layers
assert layers.ConvLSTM2D(1, 3).name == "conv_lstm2d"
x = keras.Input(shape=(3,))
assert x._keras_history[0].name == "input_layer"
m = keras.Model(x, layers.Dense(2)(x))
assert m.name == "functional"
s = keras.Sequential([layers.Dense(2, input_shape=(3,))])
assert s.name == "sequential"
# The Sequential's own InputLayer and build consume names.
assert keras.Input(shape=(1,))._keras_history[0].name == "input_layer_2"
assert keras.Model(x, layers.Dense(2)(x)).name == "functional_2"
