# Keras 1.1.1 functional API with merge(), as in the reference's §4.1.
from keras.layers import Input, Dense, merge
from keras.models import Model

inputs = Input(shape=(784,))
a = Dense(32)(inputs)
b = Dense(32)(inputs)
x = merge([a, b], mode='concat')
predictions = Dense(10, activation='softmax')(x)
model = Model(input=inputs, output=predictions)
model.compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['accuracy'])
model.summary()
