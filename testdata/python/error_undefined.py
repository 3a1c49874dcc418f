# A name that is neither defined nor a Keras name.
from keras.models import Sequential
from keras.layers import Dense

model = Sequential()
model.add(Dense(nb_units, input_shape=(10,)))
