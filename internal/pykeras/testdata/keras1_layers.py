# dialect: 1
# Keras 1 positional arguments and shapes.
from keras.models import Sequential
from keras.layers import Convolution1D, MaxPooling1D, Dropout, BatchNormalization, Dense, Flatten
from keras.layers import Convolution2D, MaxPooling2D, ZeroPadding2D, Embedding, LSTM
from keras import backend as K

m = Sequential()
m.add(Convolution1D(64, 3, border_mode='same', input_dim=100, input_length=10))
m.add(MaxPooling1D(2))
m.add(Dropout(0.5))
m.add(BatchNormalization(1e-3, 0, -1))
m.add(Flatten())
m.add(Dense(10, input_dim=999))
assert m.output_shape == (None, 10)
assert m.layers[0].output_shape == (None, 10, 64)
assert m.layers[1].output_shape == (None, 5, 64)
assert m.layers[2].p == 0.5
assert m.layers[0].count_params() == 3 * 100 * 64 + 64
# Keras 1.1.1 counts BatchNormalization's gamma and beta only.
assert m.layers[3].count_params() == 128
assert m.layers[3].epsilon == 1e-3
---
# dialect: 1
from keras.models import Sequential
from keras.layers import Convolution2D, MaxPooling2D, ZeroPadding2D
from keras import backend as K
assert K.image_dim_ordering() == "tf"
K.set_image_dim_ordering('th')
m = Sequential()
m.add(ZeroPadding2D((1, 1), input_shape=(3, 32, 32)))
m.add(Convolution2D(8, 3, 3, subsample=(2, 2)))
m.add(MaxPooling2D((2, 2)))
assert m.output_shape == (None, 8, 8, 8)
---
# dialect: 1
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense
m = Sequential()
m.add(Embedding(20000, 128, input_length=80))
m.add(LSTM(128, dropout_W=0.2, dropout_U=0.2))
m.add(Dense(1))
assert m.layers[0].output_shape == (None, 80, 128)
assert m.layers[1].count_params() == 131584
