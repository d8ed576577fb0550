"""What every model exported by RNN Studio shares: the losses as the engine computes them, the CSV that
RNN Studio's data loader reads, and the weights as .npz in the engine's layout (docs/model-format.md)."""
import math
import os

import numpy as np
import torch


def at(values, initial, step):
    """A group's output at a step; before the first step, and after the last (read backwards), its initial state."""
    return values[step] if 0 <= step < len(values) else initial


def hold_after_end(value, initial, step, lengths):
    """A group read backwards in time holds its initial state from each sequence's end on, as in the engine."""
    return torch.where((step >= lengths)[..., None], initial, value)


def time_reversed(x, lengths):
    """Each sequence read from its last step to its first, [steps, batch, units]; the padding stays where it is."""
    t = torch.arange(x.shape[0], device=x.device)[:, None]
    back = lengths[None, :] - 1 - t
    index = torch.where(back >= 0, back, t)
    return x.gather(0, index[:, :, None].expand_as(x))


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


def ctc(net, labels, label_lengths, lengths):
    """-log p(labels | inputs) summed over the sequences: the softmax of net with class 0 the blank, as the engine's CtcLoss."""
    return torch.nn.functional.ctc_loss(torch.log_softmax(net, dim=-1), labels, lengths, label_lengths, blank=0, reduction="sum")


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
        if spec["loss"] is ctc:
            total = total + ctc(nets[group], *target, lengths)
            continue
        have = ~torch.isnan(target) & scheduled(spec["schedule"], spec["steps"], lengths, target.shape[0])[..., None]
        if spec["units"] is not None:
            chosen = torch.zeros(spec["size"], dtype=torch.bool, device=target.device)
            chosen[spec["units"]] = True
            have = have & chosen
        total = total + spec["loss"](nets[group], ys[group], torch.nan_to_num(target) * have, have.to(target.dtype))
    return total


def read_csv(path, inputs, outputs):
    """The sequences of a CSV as RNN Studio's loader reads it: [(name, steps, {input: [steps, units]}, {output: targets})],
    the targets [steps, units], or for a ctc output its labels (GROUP.labels on the sequence's first row)."""
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
    labelled = [g for g, spec in outputs.items() if spec["loss"] is ctc]
    columns = []
    for name in header:
        group, _, unit = name.rpartition(".")
        if name == "sequence":
            columns.append(None)
        elif group in labelled and unit == "labels":
            columns.append((group, None))
        elif group in sizes and unit.isdigit() and int(unit) < sizes[group]:
            columns.append((group, int(unit)))
        else:
            raise SystemExit(f"{path} line {lines[0][0]}: column '{name}' is not GROUP.UNIT of an input or output group")
    for group, size in inputs.items():
        for unit in range(size):
            if (group, unit) not in columns:
                raise SystemExit(f"{path} line {lines[0][0]}: input unit '{group}.{unit}' has no column")
    for group in labelled:
        if (group, None) not in columns:
            raise SystemExit(f"{path} line {lines[0][0]}: the ctc output '{group}' takes its labels from a column {group}.labels")
    key = header.index("sequence")
    rows = {}
    for n, line in lines[1:]:
        cells = line.split(",")
        if len(cells) != len(header):
            raise SystemExit(f"{path} line {n}: {len(cells)} cells, but the header names {len(header)} columns")
        name = cells[key].strip()
        if name in rows and name != next(reversed(rows)):
            raise SystemExit(f"{path} line {n}: sequence '{name}' appears again after other sequences; keep each sequence's rows together")
        rows.setdefault(name, []).append((n, cells))
    sequences = []
    for name, steps in rows.items():
        xs = {g: np.zeros((len(steps), size)) for g, size in inputs.items()}
        ts = {g: np.full((len(steps), spec["size"]), math.nan) for g, spec in outputs.items() if g not in labelled}
        for t, (n, cells) in enumerate(steps):
            for column, cell in zip(columns, cells):
                if column is None or not cell.strip():
                    continue
                group, unit = column
                if unit is None:
                    if t > 0:
                        raise SystemExit(f"{path} line {n}: '{group}.labels' is given on the sequence's first row only")
                    ts[group] = labels_of(cell, outputs[group]["size"], f"{path} line {n}: '{group}.labels'")
                    continue
                try:
                    (xs if group in inputs else ts)[group][t, unit] = float(cell)
                except ValueError:
                    raise SystemExit(f"{path} line {n}: '{cell}' in column '{group}.{unit}' is not a number")
        for group in labelled:
            ts.setdefault(group, [])
            if ctc_steps_needed(ts[group]) > len(steps):
                raise SystemExit(f"{path}: sequence '{name}': its {len(ts[group])} labels for '{group}' need at least "
                                 f"{ctc_steps_needed(ts[group])} steps (a blank between repeated labels), but it has {len(steps)}")
        for group, spec in outputs.items():
            if spec["next"] is not None:
                # "predict the next term": the target at step t is the input at t + 1, none at the last step
                ts[group][:] = math.nan
                ts[group][:-1] = xs[spec["next"]][1:, : spec["size"]]
        sequences.append((name, len(steps), xs, ts))
    return sequences


def labels_of(cell, classes, where):
    """A label sequence: classes 1 .. n-1 (0 is the blank) separated by spaces."""
    labels = []
    for part in cell.split():
        if not part.isdigit() or not 1 <= int(part) < classes:
            raise SystemExit(f"{where} holds '{part}', not a class from 1 to {classes - 1} (0 is the blank)")
        labels.append(int(part))
    return labels


def ctc_steps_needed(labels):
    """Every label takes a step, and two equal labels in a row one more for the blank between them."""
    return len(labels) + sum(1 for a, b in zip(labels, labels[1:]) if a == b)


def batch(sequences, inputs, outputs, dtype=torch.float64, device="cpu"):
    """Sequences side by side, [steps, batch, units]: inputs padded with zeros, targets with NaN (no target); a ctc
    output's labels as PyTorch's ctc_loss takes them, one after the other, with their lengths."""
    lengths = torch.tensor([length for _, length, _, _ in sequences], dtype=torch.long)
    steps = int(lengths.max())
    x = {g: torch.zeros(steps, len(sequences), size, dtype=dtype) for g, size in inputs.items()}
    t = {g: torch.full((steps, len(sequences), spec["size"]), math.nan, dtype=dtype) for g, spec in outputs.items() if spec["loss"] is not ctc}
    for b, (_, _, xs, ts) in enumerate(sequences):
        for g, values in xs.items():
            x[g][: len(values), b] = torch.from_numpy(values)
        for g, values in ts.items():
            if g in t:
                t[g][: len(values), b] = torch.from_numpy(values)
    for g, spec in outputs.items():
        if spec["loss"] is ctc:
            labels = [ts[g] for _, _, _, ts in sequences]
            t[g] = (torch.tensor([c for l in labels for c in l], dtype=torch.long, device=device),
                    torch.tensor([len(l) for l in labels], dtype=torch.long, device=device))
    move = lambda d: {g: v if isinstance(v, tuple) else v.to(device) for g, v in d.items()}
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
