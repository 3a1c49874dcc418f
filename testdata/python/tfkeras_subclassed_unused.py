import tensorflow as tf
keras = tf.keras
layers = keras.layers

class MyModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(64, activation="relu")
        self.d2 = layers.Dense(10)
        self.spare = layers.Dense(5)
    def call(self, x):
        return self.d2(self.d1(x))

m = MyModel()
m.build((None, 784))
m.summary()
