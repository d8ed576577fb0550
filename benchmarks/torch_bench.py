"""PyTorch's side of ./rnnstudio bench (the engine's side is org.rnnstudio.cli.Bench, which starts this script):
python3 torch_bench.py CASE DTYPE THREADS warms up on one configuration, prints "ready", then answers each line
"N" with the seconds of N training steps (forward, backward, SGD update) on one line."""
import sys
import time

import torch

torch.manual_seed(1)

# case: (input, hidden, T, batch) as in Bench.Case
LSTMS = {"lstm": (32, 128, 50, 32), "lstm-large": (64, 256, 100, 64)}


def lstm(case, dtype):
    # softmax over 10 classes at every step
    inputs, hidden, steps, batch = LSTMS[case]
    lstm = torch.nn.LSTM(inputs, hidden).to(dtype)
    out = torch.nn.Linear(hidden, 10).to(dtype)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.SGD(params, lr=0.0)
    x = torch.randn(steps, batch, inputs, dtype=dtype)
    y = torch.randint(0, 10, (steps * batch,))
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")

    def step():
        opt.zero_grad()
        h, _ = lstm(x)
        loss = loss_fn(out(h).reshape(-1, 10), y) / batch
        loss.backward()
        opt.step()

    return step, 5


def adder(batch, dtype):
    # the lecture's 2-3-1 logistic net, T = 5 bits + carry + 2 steps of lag = 8; the engine's timing:
    # the hidden state reads the input and itself one step back, the output reads the hidden state one step back
    W = torch.randn(2, 3, dtype=dtype, requires_grad=True)
    U = torch.randn(3, 3, dtype=dtype, requires_grad=True)
    V = torch.randn(3, 1, dtype=dtype, requires_grad=True)
    b = torch.zeros(3, dtype=dtype, requires_grad=True)
    c = torch.zeros(1, dtype=dtype, requires_grad=True)
    h0 = torch.zeros(3, dtype=dtype, requires_grad=True)
    opt = torch.optim.SGD([W, U, V, b, c, h0], lr=0.0, momentum=0.9)
    x = torch.randint(0, 2, (8, batch, 2)).to(dtype)
    t = torch.randint(0, 2, (8, batch, 1)).to(dtype)
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")

    def step():
        opt.zero_grad()
        h_prev = h0.expand(batch, 3)
        x_prev = torch.zeros(batch, 2, dtype=dtype)
        loss = 0
        for step_t in range(8):
            logits = h_prev @ V + c
            if step_t >= 2:
                loss = loss + loss_fn(logits, t[step_t])
            h = torch.sigmoid(x_prev @ W + h_prev @ U + b)
            x_prev = x[step_t]
            h_prev = h
        (loss / batch).backward()
        opt.step()

    return step, 300


def main():
    case, dtype = sys.argv[1], {"float32": torch.float32, "float64": torch.float64}[sys.argv[2]]
    torch.set_num_threads(int(sys.argv[3]))
    step, warmup = lstm(case, dtype) if case in LSTMS else adder(int(case[len("adder-"):]), dtype)
    # as long as the engine's side warms up (Bench.WARMUP_NANOS), at the least
    warm = time.perf_counter() + 5
    while True:
        for _ in range(warmup):
            step()
        if time.perf_counter() >= warm:
            break
    print("ready", flush=True)
    for line in sys.stdin:
        times = []
        for _ in range(int(line)):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        print(" ".join(repr(t) for t in times), flush=True)


main()
