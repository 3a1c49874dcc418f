# Keras 1 custom layer: K.variable weights listed in trainable_weights,
# get_output_shape_for, a Lambda with and without output_shape.
from keras import backend as K
from keras.engine.topology import Layer
from keras.models import Sequential
from keras.layers import Dense, Lambda
import numpy as np


class MyLayer(Layer):
    def __init__(self, output_dim, **kwargs):
        self.output_dim = output_dim
        super(MyLayer, self).__init__(**kwargs)

    def build(self, input_shape):
        input_dim = input_shape[1]
        initial_weight_value = np.random.random((input_dim, self.output_dim))
        self.W = K.variable(initial_weight_value)
        self.trainable_weights = [self.W]

    def call(self, x, mask=None):
        return K.dot(x, self.W)

    def get_output_shape_for(self, input_shape):
        return (input_shape[0], self.output_dim)


model = Sequential()
model.add(Dense(32, input_dim=784))
model.add(MyLayer(16))
model.add(Lambda(lambda x: x ** 2))
model.add(Lambda(lambda x: K.concatenate([x, -x], axis=-1), output_shape=(32,)))
model.add(Dense(10, activation='softmax'))
model.summary()
