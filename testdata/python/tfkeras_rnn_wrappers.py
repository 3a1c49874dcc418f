# tf.keras recurrent layers and wrappers: Bidirectional, TimeDistributed,
# return_sequences, GRU (reset_after), an RNN over a cell, Embedding.
from tensorflow.keras import layers, models

model = models.Sequential([
    layers.Embedding(1000, 64, input_length=20),
    layers.Bidirectional(layers.LSTM(32, return_sequences=True)),
    layers.GRU(16, return_sequences=True),
    layers.TimeDistributed(layers.Dense(8)),
    layers.RNN(layers.SimpleRNNCell(4)),
    layers.Dense(1, activation="sigmoid"),
])
model.summary()
