import cyc_a
B = 2
