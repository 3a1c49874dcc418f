# An error inside a function: the message points at the layer call, the
# traceback at the calls that led there.
import keras
from keras import layers


def block(x, filters):
    x = layers.Conv2D(filters, 5)(x)
    return layers.MaxPooling2D(2)(x)


inputs = keras.Input(shape=(8, 8, 1))
x = block(inputs, 4)
x = block(x, 8)
model = keras.Model(inputs, x)
