# Keras 3 prints the optimizer's variables once it is built (after fit):
# Adam keeps 2 slots per trainable weight plus iterations and learning_rate,
# 2*15 + 2 = 32, and "Total params" includes them (keras/src/utils/summary_utils.py).
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3)])
model.compile(optimizer="adam", loss="mse")
model.fit([[0, 0, 0, 0]], [[0, 0, 0]], epochs=1)
model.summary()
