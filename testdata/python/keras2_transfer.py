# Keras 2.3: a frozen base model nested in a Sequential (model.trainable).
from keras.engine import Model
from keras.models import Sequential
from keras.layers import Input, Dense, Conv2D, GlobalAveragePooling2D, BatchNormalization

inp = Input(shape=(32, 32, 3))
x = Conv2D(8, (3, 3), padding='same', activation='relu')(inp)
x = BatchNormalization()(x)
x = GlobalAveragePooling2D()(x)
base = Model(inp, x, name='base')
base.trainable = False

model = Sequential()
model.add(base)
model.add(Dense(10, activation='softmax'))
model.compile(optimizer='adam', loss='categorical_crossentropy')
model.summary()
