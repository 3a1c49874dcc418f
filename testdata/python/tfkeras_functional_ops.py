# tf.keras functional model with a nested model, a shared layer and
# TensorFlow ops on Keras tensors (TFOpLambda rows).
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

encoder_input = keras.Input(shape=(28, 28, 1), name="img")
x = layers.Conv2D(16, 3, activation="relu")(encoder_input)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.MaxPooling2D(3)(x)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.Conv2D(16, 3, activation="relu")(x)
encoder_output = layers.GlobalMaxPooling2D()(x)
encoder = keras.Model(encoder_input, encoder_output, name="encoder")
encoder.summary()

inp = keras.Input(shape=(28, 28, 1))
code = encoder(inp)
shared = layers.Dense(8)
y = shared(code) + shared(code * 2.0)
y = tf.nn.relu(y)
y = tf.reduce_mean(y, axis=-1, keepdims=True)
model = keras.Model(inp, y, name="with_ops")
model.summary()
