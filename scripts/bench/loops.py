# loops: twin of loops.csp (same work, same output line).
MOD = 1000000007


def main():
    n = 400
    a = [(i * 7 + 3) % 101 for i in range(n)]
    dot = 0
    for p in range(250):
        for i in range(n):
            ai = a[i]
            for j in range(n):
                dot = (dot + ai * a[j] + p) % MOD

    m = {}
    for i in range(1000000):
        k = i % 7919
        m[k] = m.get(k, 0) + i % 1000
    hits = 0
    for i in range(1000000):
        v = m.get(i % 10007)
        if v is not None:
            hits = (hits + v) % MOD
    for k in range(0, 7919, 2):
        del m[k]
    msum = 0
    for k, v in m.items():
        msum = (msum + k * v) % MOD

    words = {}
    for i in range(100000):
        w = "w" + str(i % 997)
        words[w] = words.get(w, 0) + 1
    wsum = 0
    for w, c in words.items():
        wsum = (wsum + len(w) * c) % MOD

    parts = []
    for i in range(500000):
        parts.append(str(i % 97))
    s = "".join(parts)
    t = ""
    for i in range(2000):
        t += chr(ord("a") + i % 26)
    h = 0
    for c in s.encode():
        h = (h * 31 + c) % MOD
    for c in t.encode():
        h = (h * 31 + c) % MOD

    print(dot, hits, len(m), msum, len(words), wsum, len(s), h)


main()
