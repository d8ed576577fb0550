"""What every model exported by RNN Studio shares: the losses as the engine computes them, the CSV that
RNN Studio's data loader reads, and the weights as .npz in the engine's layout (docs/model-format.md)."""
import math
import os

import numpy as np
import torch


def at(values, initial, step):
    """A group's output at a step; before the first step, its initial state."""
    return values[step] if step >= 0 else initial


def first_step_only(x):
    """An input that reaches the network at the first step only."""
    return torch.cat([x[:1], torch.zeros_like(x[1:])])


def initial(state, batch, size):
    """An initial state as PyTorch's layers take it: [1, batch, units]."""
    return state.reshape(1, batch, size).contiguous()


def squared_error(net, y, target, have):
    d = (y - target) * have
    return 0.5 * (d * d).sum()


def logistic_cross_entropy(net, y, target, have):
    # max(x, 0) - t x + log(1 + e^-|x|): finite for any x, as in the engine
    e = net.clamp(min=0) - target * net + torch.log1p(torch.exp(-net.abs()))
    return (e * have).sum()


def cross_entropy(net, y, target, have):
    return -(target * torch.log_softmax(net, dim=-1) * have).sum()


def scheduled(schedule, steps, lengths, total_steps):
    """Where an output has a target by its schedule, [steps, batch]."""
    t = torch.arange(total_steps, device=lengths.device)[:, None]
    length = lengths[None, :]
    inside = t < length
    if schedule == "final-step":
        return t == length - 1
    if schedule == "last-steps":
        return inside & (t >= length - steps)
    return inside


def loss(outputs, ys, nets, targets, lengths):
    """The loss summed over the sequences, steps and units that have a target (empty cells, NaN, have none)."""
    total = 0
    for group, spec in outputs.items():
        if group not in targets:
            continue
        target = targets[group]
        have = ~torch.isnan(target) & scheduled(spec["schedule"], spec["steps"], lengths, target.shape[0])[..., None]
        if spec["units"] is not None:
            chosen = torch.zeros(spec["size"], dtype=torch.bool, device=target.device)
            chosen[spec["units"]] = True
            have = have & chosen
        total = total + spec["loss"](nets[group], ys[group], torch.nan_to_num(target) * have, have.to(target.dtype))
    return total


def read_csv(path, inputs, outputs):
    """The sequences of a CSV as RNN Studio's loader reads it: [(name, {input: [steps, units]}, {output: [steps, units]})]."""
    with open(path, encoding="utf-8-sig") as f:
        lines = [(n, line.rstrip("\r\n")) for n, line in enumerate(f, 1)]
    lines = [(n, line) for n, line in lines if line.strip() and not line.strip().startswith("#")]
    if not lines:
        raise SystemExit(f"{path} is empty: the first line names the columns (sequence, GROUP.UNIT, ...)")
    header = [c.strip() for c in lines[0][1].split(",")]
    if "sequence" not in header:
        raise SystemExit(f"{path} line {lines[0][0]}: there is no 'sequence' column")
    sizes = dict(inputs)
    sizes.update({g: spec["size"] for g, spec in outputs.items()})
    columns = []
    for name in header:
        group, _, unit = name.rpartition(".")
        if name == "sequence":
            columns.append(None)
        elif group in sizes and unit.isdigit() and int(unit) < sizes[group]:
            columns.append((group, int(unit)))
        else:
            raise SystemExit(f"{path} line {lines[0][0]}: column '{name}' is not GROUP.UNIT of an input or output group")
    for group, size in inputs.items():
        for unit in range(size):
            if (group, unit) not in columns:
                raise SystemExit(f"{path} line {lines[0][0]}: input unit '{group}.{unit}' has no column")
    key = header.index("sequence")
    rows = {}
    for n, line in lines[1:]:
        cells = line.split(",")
        if len(cells) != len(header):
            raise SystemExit(f"{path} line {n}: {len(cells)} cells, but the header names {len(header)} columns")
        rows.setdefault(cells[key].strip(), []).append((n, cells))
    sequences = []
    for name, steps in rows.items():
        xs = {g: np.zeros((len(steps), size)) for g, size in inputs.items()}
        ts = {g: np.full((len(steps), spec["size"]), math.nan) for g, spec in outputs.items()}
        for t, (n, cells) in enumerate(steps):
            for column, cell in zip(columns, cells):
                if column is None or not cell.strip():
                    continue
                group, unit = column
                try:
                    (xs if group in inputs else ts)[group][t, unit] = float(cell)
                except ValueError:
                    raise SystemExit(f"{path} line {n}: '{cell}' in column '{group}.{unit}' is not a number")
        sequences.append((name, xs, ts))
    return sequences


def batch(sequences, inputs, outputs, dtype=torch.float64, device="cpu"):
    """Sequences side by side, [steps, batch, units]: inputs padded with zeros, targets with NaN (no target)."""
    steps = max(len(next(iter(xs.values()))) for _, xs, _ in sequences)
    x = {g: torch.zeros(steps, len(sequences), size, dtype=dtype) for g, size in inputs.items()}
    t = {g: torch.full((steps, len(sequences), spec["size"]), math.nan, dtype=dtype) for g, spec in outputs.items()}
    lengths = torch.zeros(len(sequences), dtype=torch.long)
    for b, (_, xs, ts) in enumerate(sequences):
        for g, values in xs.items():
            x[g][: len(values), b] = torch.from_numpy(values)
            lengths[b] = len(values)
        for g, values in ts.items():
            t[g][: len(values), b] = torch.from_numpy(values)
    move = lambda d: {g: v.to(device) for g, v in d.items()}
    return move(x), move(t), lengths.to(device)


def load_weights(net, path):
    """The parameter sets from an .npz (RNN Studio's export, or train.py's output), shape for shape."""
    with np.load(path) as arrays:
        for i, (name, rows, cols, _) in enumerate(net.PARAMETERS):
            if name not in arrays:
                raise SystemExit(f"{path} has no array '{name}'")
            values = arrays[name]
            if values.shape != (rows, cols):
                raise SystemExit(f"{path}: '{name}' is {values.shape}, the model's is ({rows}, {cols})")
            with torch.no_grad():
                net.w[i].copy_(torch.from_numpy(values))


def save_weights(net, path):
    """The parameter sets as float64 .npz under their own names, written whole or not at all."""
    arrays = {name: net.w[i].detach().cpu().double().numpy() for i, (name, _, _, _) in enumerate(net.PARAMETERS)}
    partial = path + ".partial"
    with open(partial, "wb") as f:
        np.savez(f, **arrays)
    os.replace(partial, path)
