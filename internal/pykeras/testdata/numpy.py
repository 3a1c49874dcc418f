# dialect: 3
# The numpy subset scripts use on shapes, and keras.datasets.
import numpy as np
import keras
from keras.datasets import mnist, cifar10, imdb

(x_train, y_train), (x_test, y_test) = mnist.load_data()
assert x_train.shape == (60000, 28, 28)
assert x_train.dtype == "uint8"
assert y_train.shape == (60000,)
assert x_test.shape == (10000, 28, 28)
assert len(x_train) == 60000
assert x_train.shape[1:] == (28, 28)

x = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0
assert x.shape == (60000, 28, 28, 1)
assert x.dtype == "float32"
x2 = np.expand_dims(x_train, -1)
assert x2.shape == (60000, 28, 28, 1)
flat = x_train.reshape(x_train.shape[0], np.prod(x_train.shape[1:]))
assert flat.shape == (60000, 784)
assert np.prod(x_train.shape[1:]) == 784
y = keras.utils.to_categorical(y_train, 10)
assert y.shape == (60000, 10)
y = keras.utils.to_categorical(y_test)
assert y.shape == (10000, 10)
assert x_train[:1000].shape == (1000, 28, 28)
assert x_train[0].shape == (28, 28)
assert x_train[..., np.newaxis].shape == (60000, 28, 28, 1)
assert x_train[:, :, :, None].shape == (60000, 28, 28, 1)

(c_train, cy_train), _ = cifar10.load_data()
assert c_train.shape == (50000, 32, 32, 3)
assert cy_train.shape == (50000, 1)
assert keras.utils.to_categorical(cy_train).shape == (50000, 10)

(i_train, iy_train), _ = imdb.load_data(num_words=10000)
assert i_train.shape == (25000,)
p = keras.utils.pad_sequences(i_train, maxlen=200)
assert p.shape == (25000, 200)

a = np.array([28, 28, 1])
assert a.shape == (3,)
assert a[0] == 28
assert tuple(a.shape) == (3,)
z = np.zeros((2, 3), dtype=np.float32)
assert z.shape == (2, 3)
assert z.dtype == np.float32
r = np.random.random((1000, 32))
assert r.shape == (1000, 32)
assert np.random.randint(0, 10, size=(5, 2)).shape == (5, 2)
assert np.concatenate([r, r], axis=0).shape == (2000, 32)
assert np.stack([z, z]).shape == (2, 2, 3)
assert np.mean(r, axis=0).shape == (32,)
assert r.T.shape == (32, 1000)
---
import numpy as np
x = np.zeros((4, 5))
x.reshape(3, 7) ### "cannot reshape array of size 20"
