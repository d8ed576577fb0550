#!/usr/bin/env python3
"""Trains the model exported beside this file with PyTorch's DistributedDataParallel.

One machine, N processes:   torchrun --nproc_per_node=N train.py --data data.csv
Several machines:           torchrun --nnodes=M --nproc_per_node=N --rdzv_backend=c10d \\
                                     --rdzv_endpoint=HOST:29400 --rdzv_id=JOB train.py --data data.csv
Alone (no torchrun):        python3 train.py --data data.csv

gloo on CPUs, NCCL on GPUs (one GPU per process). Each process takes its share of every epoch's shuffle
(--batch sequences per step and process); DDP averages the gradients. The defaults are the model's stored
training settings. The weights go to trained.npz (the engine's layout, float64), which
`./rnnstudio import DIR --into MODEL` takes back.
"""
import argparse
import json
import os
import sys

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model as exported  # noqa: E402
import rnnstudio_runtime as rt  # noqa: E402


OPTIMIZERS = ["sgd", "rmsprop", "adam"]


def arguments():
    s = exported.TRAINING
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="a CSV as RNN Studio reads it (./rnnstudio data SPEC --model MODEL --out FILE.csv)")
    p.add_argument("--epochs", type=int, default=s["epochs"])
    p.add_argument("--batch", type=int, default=s["batch"], help="sequences per step in each process")
    # argparse does not check a default against the choices: a stored optimiser PyTorch lacks falls back openly
    p.add_argument("--optimizer", choices=OPTIMIZERS, default=s["optimizer"] if s["optimizer"] in OPTIMIZERS else "sgd")
    p.add_argument("--lr", type=float, default=s["lr"])
    p.add_argument("--momentum", type=float, default=s["momentum"])
    p.add_argument("--nesterov", action=argparse.BooleanOptionalAction, default=s["nesterov"])
    p.add_argument("--clip", type=float, default=s["clip"], help="rescale the whole gradient to this norm when larger; 0: off")
    p.add_argument("--weight-decay", type=float, default=s["weight_decay"], help="L2 on weight matrices and diagonals")
    p.add_argument("--schedule", choices=["constant", "step", "exponential"], default=s["schedule"])
    p.add_argument("--step-every", type=int, default=s["step_every"])
    p.add_argument("--gamma", type=float, default=s["gamma"])
    p.add_argument("--seed", type=int, default=s["seed"])
    p.add_argument("--weights", default=os.path.join(HERE, "weights.npz"), help="where to start from")
    p.add_argument("--out", default=os.path.join(HERE, "trained.npz"))
    p.add_argument("--float32", action="store_true", help="train in float32 (faster on GPUs); the default is the engine's float64")
    return p.parse_args()


def rate_factor(a, epoch):
    if a.schedule == "step":
        return a.gamma ** ((epoch - 1) // max(1, a.step_every))
    if a.schedule == "exponential":
        return a.gamma ** (epoch - 1)
    return 1.0


def optimizer(a, parameters):
    if a.optimizer == "adam":
        return torch.optim.Adam(parameters, lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    if a.optimizer == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=a.lr, alpha=0.9, eps=1e-8)
    return torch.optim.SGD(parameters, lr=a.lr, momentum=a.momentum, nesterov=a.nesterov and a.momentum > 0)


def evaluate(net, data, batch, rank, world, dtype, device, distributed):
    """The mean loss per sequence over all the data, each process scoring its share."""
    net.eval()
    summed = torch.zeros(2, dtype=torch.float64, device=device)
    with torch.no_grad():
        mine = list(range(rank, len(data), world))
        for start in range(0, len(mine), batch):
            part = [data[i] for i in mine[start:start + batch]]
            x, t, lengths = rt.batch(part, exported.INPUTS, exported.OUTPUTS, dtype, device)
            ys, nets = net(x, lengths)
            summed += torch.tensor([rt.loss(exported.OUTPUTS, ys, nets, t, lengths).item(), len(part)], dtype=torch.float64, device=device)
    if distributed:
        dist.all_reduce(summed)
    return (summed[0] / summed[1]).item()


def main():
    a = arguments()
    distributed = "WORLD_SIZE" in os.environ
    cuda = torch.cuda.is_available()
    if distributed:
        dist.init_process_group("nccl" if cuda else "gloo")
        rank, world = dist.get_rank(), dist.get_world_size()
    else:
        rank, world = 0, 1
    local = int(os.environ.get("LOCAL_RANK", 0))
    device = torch.device("cuda", local) if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    dtype = torch.float32 if a.float32 else torch.float64
    if exported.TRAINING["optimizer"] not in OPTIMIZERS and rank == 0:
        print(f"note: the model trains with {exported.TRAINING['optimizer']} in RNN Studio, which PyTorch does not have; here {a.optimizer} trains it")
    if exported.TRAINING["truncation"] > 0 and rank == 0:
        print(f"note: the model trains with truncation {exported.TRAINING['truncation']} in RNN Studio; here backpropagation runs through all steps")

    net = exported.Net()
    rt.load_weights(net, a.weights)
    net.to(device=device, dtype=dtype)
    model = DistributedDataParallel(net, device_ids=[local] if cuda else None,
                                    find_unused_parameters=not exported.EVERY_GROUP_REACHES_AN_OUTPUT) if distributed else net
    trainable = [w for w in net.w if w.requires_grad]
    decayed = [w for (name, _, _, _), w in zip(net.PARAMETERS, net.w)
               if w.requires_grad and (name.startswith("connection:") or name.startswith("shared:"))]
    opt = optimizer(a, trainable)

    data = rt.read_csv(a.data, exported.INPUTS, exported.OUTPUTS)
    # every process takes as many steps (DDP's gradient averaging needs all of them at each one)
    share = len(data) // world
    if share == 0:
        raise SystemExit(f"{a.data} holds {len(data)} sequences, fewer than the {world} processes")
    generator = torch.Generator().manual_seed(a.seed)
    before = evaluate(net, data, a.batch, rank, world, dtype, device, distributed)
    if rank == 0:
        print(f"{len(data)} sequences, {world} processes; loss before training {before:.6f}", flush=True)
    losses = []
    for epoch in range(1, a.epochs + 1):
        for group in opt.param_groups:
            group["lr"] = a.lr * rate_factor(a, epoch)
        order = torch.randperm(len(data), generator=generator).tolist()
        mine = order[rank::world][:share]
        summed = torch.zeros(2, dtype=torch.float64, device=device)
        net.train()
        for start in range(0, share, a.batch):
            part = [data[i] for i in mine[start:start + a.batch]]
            x, t, lengths = rt.batch(part, exported.INPUTS, exported.OUTPUTS, dtype, device)
            ys, nets = model(x, lengths)
            loss = rt.loss(exported.OUTPUTS, ys, nets, t, lengths) / len(part)
            opt.zero_grad()
            loss.backward()
            if a.weight_decay > 0:
                for w in decayed:
                    w.grad.add_(w.detach(), alpha=a.weight_decay)
            if a.clip > 0:
                torch.nn.utils.clip_grad_norm_(trainable, a.clip)
            opt.step()
            summed += torch.tensor([loss.item() * len(part), len(part)], dtype=torch.float64, device=device)
        if distributed:
            dist.all_reduce(summed)
        losses.append((summed[0] / summed[1]).item())
        if rank == 0:
            print(f"epoch {epoch}/{a.epochs} loss {losses[-1]:.6f}", flush=True)

    final = evaluate(net, data, a.batch, rank, world, dtype, device, distributed)
    if rank == 0:
        rt.save_weights(net, a.out)
        report = {"processes": world, "sequences": len(data), "before": before, "epochs": losses, "loss": final}
        partial = a.out + ".json.partial"
        with open(partial, "w") as f:
            json.dump(report, f, indent=1)
        os.replace(partial, os.path.splitext(a.out)[0] + ".json")
        print(f"final loss {final:.6f} over {len(data)} sequences; weights written to {a.out}", flush=True)
    if distributed:
        # no process leaves while rank 0 still writes: a process group torn down unevenly can keep torchrun waiting
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
