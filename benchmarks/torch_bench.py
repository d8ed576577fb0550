"""PyTorch's side of ./rnnstudio bench: the same configurations as the engine's Bench, one training step
(forward, backward, SGD update), median of repeated runs after a warm-up, two threads."""
import statistics
import sys
import time

import torch

torch.set_num_threads(2)
torch.manual_seed(1)


def median_seconds(step, warmup, repeats):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def lstm(dtype):
    # input 32, hidden 128, T 50, batch 32, softmax over 10 classes at every step
    lstm = torch.nn.LSTM(32, 128).to(dtype)
    out = torch.nn.Linear(128, 10).to(dtype)
    params = list(lstm.parameters()) + list(out.parameters())
    opt = torch.optim.SGD(params, lr=0.0)
    x = torch.randn(50, 32, 32, dtype=dtype)
    y = torch.randint(0, 10, (50 * 32,))
    loss_fn = torch.nn.CrossEntropyLoss(reduction="sum")

    def step():
        opt.zero_grad()
        h, _ = lstm(x)
        loss = loss_fn(out(h).reshape(-1, 10), y) / 32
        loss.backward()
        opt.step()

    return median_seconds(step, 3, 9)


def adder(batch, dtype=torch.float64):
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

    return median_seconds(step, 200, 2001)


print("PyTorch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
    s = lstm(dtype)
    print("torch_%s lstm_step_seconds %.5f tokens_per_second %.0f" % (name, s, 32 * 50 / s))
for batch in (1, 64):
    print("torch_float64 adder_batch_%d_step_microseconds %.1f" % (batch, adder(batch) * 1e6))
sys.stdout.flush()
