# Keras 3 functional model with keras.ops and operators on KerasTensors:
# each op is a row of its own (add (Add), ...).
import keras
from keras import layers, ops

inputs = keras.Input(shape=(10, 16), name="seq")
x = layers.Dense(16)(inputs)
x = x + inputs
x = ops.mean(x, axis=1)
y = layers.Dense(4, activation="softmax")(x)
z = y * 2.0
model = keras.Model(inputs, [y, z], name="ops_model")
model.summary()
