import cv2
import numpy_not_here as npx
from sklearn.model_selection import train_test_split
img = cv2.imread("x.png")
img = cv2.resize(img, (224, 224)) / 255.0
x_train, x_test = train_test_split(img)
for row in img:
    assert_true(False)  # iteration yields nothing
data = {"img": img}
assert_true(data["img"] is img)
n = img.shape[0] + 1
label = "%s" % npx.array([1])
y = [img, npx.zeros(3)]
---
import cv2
img = cv2.imread("x.png")
if img.shape[0] > 10: ### "cannot use an unknown value as a condition: cv2.imread\(...\).shape\[...\] > ... comes from module \"cv2\""
    pass
---
import pandas as pd
df = pd.read_csv("data.csv")
n = len(df) ### "cannot use an unknown value with len\(\): pandas.read_csv\(...\) comes from module \"pandas\""
---
import pandas as pd
cols = df = pd.read_csv("x").shape[1]
range(cols) ### "cannot use an unknown value as an integer"
