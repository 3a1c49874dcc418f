# dialect: 3
# Model objects: layers, get_layer, counts, shapes, pop, nesting,
# trainable, compile and the no-op training methods.
import keras
from keras import layers

m = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, name="d1"), layers.Dense(2, name="d2")], name="seq")
assert [l.name for l in m.layers] == ["d1", "d2"]
assert m.get_layer("d2").units == 2
assert m.count_params() == 15 + 8
assert m.input_shape == (None, 4)
assert m.output_shape == (None, 2)
assert len(m.weights) == 4
assert m.layers[0].kernel.shape == (4, 3)
m.pop()
assert m.output_shape == (None, 3)
m.add(layers.Dense(7))
assert m.output_shape == (None, 7)

inp = keras.Input(shape=(4,))
out = m(inp)
outer = keras.Model(inp, layers.Dense(1)(out))
assert outer.count_params() == 15 + 28 + 8
m.trainable = False
assert len(outer.trainable_weights) == 2
assert all(not l.trainable for l in m.layers)
m.trainable = True
outer.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
h = outer.fit(keras.ops.ones((8, 4)), keras.ops.ones((8, 1)), epochs=1, verbose=0)
assert "loss" in h.history
loss, mae = outer.evaluate(keras.ops.ones((8, 4)), keras.ops.ones((8, 1)))
assert outer.predict(keras.ops.ones((5, 4))).shape == (5, 1)
outer.save("m.keras")
assert keras.models.load_model("m.keras") is outer
---
import keras
from keras import layers
m = keras.Sequential([layers.Dense(3)])
assert not m.built
m.build((None, 5))
assert m.built
assert m.output_shape == (None, 3)
m.get_layer("nope") ### "No such layer: nope"
---
import keras
keras.layers.Dense(3, actvation="relu")(keras.Input(shape=(2,)))
keras.Sequential().summary()
keras.layers.Dense(2)(keras.layers.Dense) ### "a layer was called on the layer|must be called on tensors"
