#!/usr/bin/python3
"""An independent batched PyTorch implementation of one HaDES CartPole generation, as a yardstick for `hades bench`.

P candidate datasets (D states each, drawn around the all-zero dataset with sigma, fixed balanced labels) train
P x k fresh MLPs in one batched pass per batch of candidates (bmm, cross-entropy, torch's Adam), then every policy
plays E greedy CartPole episodes (a batched CartPole-v1 written here with torch, up to 500 steps, finished episodes
dropped from the forward pass). Prints seconds per generation with the training/rollout split, and the matrix FLOPs
counted as `hades bench` counts them. Written for Debian's python3-torch; run with /usr/bin/python3.

  /usr/bin/python3 bench/pytorch_generation.py --population 1024 --hidden 64 64 --threads 2 --repeats 3
"""
import argparse
import math
import time

import torch


def mlp_init(members, sizes, gen):
    weights, biases = [], []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        std = (0.01 if i == len(sizes) - 2 else math.sqrt(2.0)) / math.sqrt(fan_in)
        w = torch.randn(members, fan_in, fan_out, generator=gen) * std
        weights.append(w.requires_grad_())
        biases.append(torch.zeros(members, 1, fan_out, requires_grad=True))
    return weights, biases


def forward(weights, biases, x):
    for i, (w, b) in enumerate(zip(weights, biases)):
        x = torch.baddbmm(b, x, w)
        if i < len(weights) - 1:
            x = torch.relu(x)
    return x


def train(weights, biases, states, targets, steps, lr):
    opt = torch.optim.Adam(weights + biases, lr=lr, eps=1e-5)
    pairs = states.shape[1]
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = -(torch.log_softmax(forward(weights, biases, states), -1) * targets).sum() / pairs
        loss.backward()
        opt.step()


def cartpole_rollout(weights, biases, episodes, gen):
    """Greedy CartPole-v1 episodes, `episodes` per policy; returns the total env steps taken."""
    members = weights[0].shape[0]
    n = members * episodes
    s = (torch.rand(n, 4, generator=gen) - 0.5) * 0.1
    alive = torch.ones(n, dtype=torch.bool)
    steps = 0
    g, mc, mp, length, force, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total = mc + mp
    with torch.no_grad():
        for _ in range(500):
            idx = alive.nonzero().squeeze(1)
            if idx.numel() == 0:
                break
            steps += idx.numel()
            member = idx // episodes
            obs = s[idx].unsqueeze(1)  # [alive, 1, 4]: each alive instance with its own policy's weights
            x = obs
            for i, (w, b) in enumerate(zip(weights, biases)):
                x = torch.baddbmm(b[member], x, w[member])
                if i < len(weights) - 1:
                    x = torch.relu(x)
            action = x.squeeze(1).argmax(-1)
            xx, xd, th, thd = s[idx].unbind(1)
            f = torch.where(action == 1, force, -force)
            cos, sin = torch.cos(th), torch.sin(th)
            temp = (f + mp * length * thd * thd * sin) / total
            thacc = (g * sin - cos * temp) / (length * (4.0 / 3.0 - mp * cos * cos / total))
            xacc = temp - mp * length * thacc * cos / total
            new = torch.stack([xx + tau * xd, xd + tau * xacc, th + tau * thd, thd + tau * thacc], 1)
            s[idx] = new
            done = (new[:, 0].abs() > 2.4) | (new[:, 2].abs() > 12 * 2 * math.pi / 360)
            alive[idx[done]] = False
    return steps


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--population", type=int, default=1024)
    p.add_argument("--dataset-size", type=int, default=16)
    p.add_argument("--hidden", type=int, nargs="+", default=[64, 64])
    p.add_argument("--inner-steps", type=int, default=64)
    p.add_argument("--inner-lr", type=float, default=0.03)
    p.add_argument("--episodes", type=int, default=4)
    p.add_argument("--inits", type=int, default=1)
    p.add_argument("--sigma", type=float, default=0.1)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    sizes = [4] + a.hidden + [2]
    labels = torch.tensor([i % 2 for i in range(a.dataset_size)])
    targets = torch.nn.functional.one_hot(labels, 2).float().unsqueeze(0)
    per_row = sum(2.0 * i * o for i, o in zip(sizes[:-1], sizes[1:]))
    train_step = 2 * per_row * a.dataset_size + sum(2.0 * a.dataset_size * i * o for i, o in zip(sizes[1:-1], sizes[2:]))
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads; population {a.population}, {a.dataset_size} pairs, "
          f"hidden {a.hidden} relu, {a.inner_steps} inner steps, {a.episodes} episodes, {a.inits} init(s), batch {a.batch_size}")
    totals, cpus = [], []
    for generation in range(a.repeats + 1):
        gen = torch.Generator().manual_seed(generation)
        t_train = t_roll = 0.0
        steps = 0
        start, cpu_start = time.perf_counter(), time.process_time()
        for first in range(0, a.population, a.batch_size):
            cands = min(a.batch_size, a.population - first)
            members = cands * a.inits
            states = (torch.randn(cands, a.dataset_size, 4, generator=gen) * a.sigma).repeat_interleave(a.inits, 0)
            weights, biases = mlp_init(members, sizes, gen)
            t0 = time.perf_counter()
            train(weights, biases, states, targets, a.inner_steps, a.inner_lr)
            t1 = time.perf_counter()
            steps += cartpole_rollout([w.detach() for w in weights], [b.detach() for b in biases], a.episodes, gen)
            t_train += t1 - t0
            t_roll += time.perf_counter() - t1
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        flops = train_step * a.inner_steps * a.population * a.inits + per_row * steps
        tag = "warm-up" if generation == 0 else f"generation {generation}"
        print(f"  {tag}: {total:.3f} s ({cpu:.3f} CPU s; training {t_train:.3f} s, rollout {t_roll:.3f} s), {steps} env steps, {flops / 1e9:.1f} GFLOP")
        if generation > 0:
            totals.append(total)
            cpus.append(cpu)
    print(f"seconds per generation: {sum(totals) / len(totals):.3f}")
    print(f"CPU seconds per generation: {sum(cpus) / len(cpus):.3f}")


if __name__ == "__main__":
    main()
