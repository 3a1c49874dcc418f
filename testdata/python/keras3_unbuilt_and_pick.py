# netsum: --model second
# Keras 3: an unbuilt Sequential built by model.build, two models, and
# --model picking one of them.
import keras
from keras import layers

first = keras.Sequential([layers.Dense(8), layers.Dense(2)], name="first")
first.build((None, 4))
first.summary()

second = keras.Sequential(name="second")
second.add(keras.Input(shape=(3,)))
second.add(layers.Dense(5))
second.summary()
