# Harmless uses of os and sys work; nothing reaches the real system.
import os, sys
assert_eq(os.path.join("data", "train", "x.csv"), "data/train/x.csv")
assert_eq(os.path.basename("/a/b.h5"), "b.h5")
assert_eq(os.path.splitext("model.h5"), ("model", ".h5"))
assert_eq(os.path.exists("/etc/passwd"), False)
assert_eq(os.environ.get("HOME", "default"), "default")
assert_eq(os.getenv("PATH"), None)
os.environ["CUDA_VISIBLE_DEVICES"] = "0"
assert_eq(os.environ["CUDA_VISIBLE_DEVICES"], "0")
os.makedirs("checkpoints", exist_ok=True)
assert_eq(sys.argv, ["sandbox.py"])
assert_eq(sys.version_info[:2], (3, 11))
assert_true(sys.version_info > (3,))
assert_eq(sys.version_info.major, 3)
sys.setrecursionlimit(10000)
if __name__ == "__main__":
    main_ran = True
assert_true(main_ran)
try:
    open("weights.h5")
except IOError as e:
    assert_eq(str(e), "open() is not available in netsum's sandbox")
g = globals()
assert_true("main_ran" in g)
import subprocess
---
open("/etc/passwd").read() ### "PermissionError: open\(\) is not available in netsum's sandbox"
---
import os
os.system("rm -rf /") ### "os.system\(\) is not available in netsum's sandbox"
---
import subprocess
subprocess.check_output(["ls"]) ### "subprocess.check_output\(\) is not available"
---
import socket
s = socket.socket() ### "socket.socket\(\) is not available"
---
__import__("os").system("ls") ### "__import__\(\) \(use an import statement\) is not available"
---
eval("1 + 1") ### "eval\(\) is not available"
---
exec("x = 1") ### "exec\(\) is not available"
---
compile("1", "f", "eval") ### "compile\(\) is not available"
---
input() ### "input\(\) is not available"
---
globals()["x"] = 1 ### "globals\(\) is read-only"
---
import os
os.listdir(".") ### "os.listdir\(\) is not available"
---
import os
os.environ["X"] ### "KeyError: 'X'"
---
import pickle
pickle.load(None) ### "pickle.load\(\) is not available"
---
import shutil
shutil.rmtree("/") ### "shutil.rmtree\(\) is not available"
