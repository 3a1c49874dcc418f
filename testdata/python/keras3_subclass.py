# Keras 3: a custom layer with add_weight used in a functional model, and
# a subclassed model built by calling it.
import keras
from keras import layers, ops


class Linear(layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True)

    def call(self, inputs):
        return ops.matmul(inputs, self.w) + self.b


class MLPBlock(keras.Model):
    def __init__(self):
        super().__init__()
        self.linear_1 = Linear(32)
        self.linear_2 = Linear(32)
        self.linear_3 = Linear(1)

    def call(self, inputs):
        x = self.linear_1(inputs)
        x = keras.activations.relu(x)
        x = self.linear_2(x)
        x = keras.activations.relu(x)
        return self.linear_3(x)


inputs = keras.Input(shape=(16,))
x = Linear(8, name="lin")(inputs)
x = layers.Dense(4)(x)
functional = keras.Model(inputs, x)
functional.summary()

mlp = MLPBlock()
y = mlp(ops.ones(shape=(3, 64)))
mlp.summary()
