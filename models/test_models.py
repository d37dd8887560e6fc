"""Output shapes of every model, and the GGB against a plain re-statement of the paper's formulas."""

import math

import pytest
import torch

from models.resnet import ResNet
from models.ugbnet import ChannelGGB, SpatialGGB, UGBNet, UGBNetConfig, combine_similarities
from models.zoo import NAMES, build, default_spec


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("hw", [(64, 96), (128, 160)])
def test_output_shape(name, hw):
    torch.manual_seed(0)
    net = build(default_spec(name)).eval()
    with torch.no_grad():
        y = net(torch.randn(2, 1, *hw))
    assert y.shape == (2, 1, *hw)
    assert torch.isfinite(y).all()


@pytest.mark.parametrize("depth", [18, 34, 50, 101])
def test_resnet_strides(depth):
    net = ResNet(depth, width=0.125).eval()
    with torch.no_grad():
        feats = net(torch.randn(1, 1, 64, 64))
    assert [f.shape[-1] for f in feats] == [16, 8, 4, 2]
    assert [f.shape[1] for f in feats] == list(net.channels)


def test_full_ugbnet_resnet101_shape():
    net = UGBNet(UGBNetConfig(depth=101, width=0.125, channels=32)).eval()
    with torch.no_grad():
        assert net(torch.randn(1, 1, 96, 128)).shape == (1, 1, 96, 128)


def softmax_rows(m):
    return [[math.exp(v - max(r)) / sum(math.exp(u - max(r)) for u in r) for v in r] for r in m]


def conv1x1(conv, x):  # x: C x N list of lists -> C' x N
    w, b = conv.weight[:, :, 0, 0].tolist(), conv.bias.tolist()
    return [[sum(w[o][i] * x[i][n] for i in range(len(x))) + b[o] for n in range(len(x[0]))] for o in range(len(w))]


def combine(a, b, literal):
    if literal:
        sa, sb = softmax_rows(a), softmax_rows(b)
        return softmax_rows([[sa[i][j] * sb[i][j] for j in range(len(a))] for i in range(len(a))])
    prod = [[p * q for p, q in zip(ra, rb)] for ra, rb in zip(softmax_rows(a), softmax_rows(b))]
    return [[v / sum(r) for v in r] for r in prod]  # the normalised product of the two similarities


def dot_rows(a, b):  # (c x N), (c x N) -> N x N: a_i . b_j over channels
    return [[sum(a[k][i] * b[k][j] for k in range(len(a))) for j in range(len(a[0]))] for i in range(len(a[0]))]


@pytest.mark.parametrize("literal", [False, True])
def test_spatial_ggb_matches_reference(literal):
    torch.manual_seed(1)
    c, gc, h, w = 8, 6, 3, 4
    m = SpatialGGB(c, gc, reduction=2, literal=literal).double()
    x, g = torch.randn(1, c, h, w).double(), torch.randn(1, gc, h, w).double()
    got = m(x, g)[0].reshape(c, h * w).tolist()
    X = x[0].reshape(c, -1).tolist()
    G = [[1 / (1 + math.exp(-v)) for v in r] for r in g[0].reshape(gc, -1).tolist()]
    s = combine(dot_rows(conv1x1(m.theta, X), conv1x1(m.phi, X)), dot_rows(conv1x1(m.eta, G), conv1x1(m.rho, G)), literal)
    gx = conv1x1(m.g, X)
    want = [[X[k][i] + sum(s[i][j] * gx[k][j] for j in range(h * w)) for i in range(h * w)] for k in range(c)]
    assert torch.allclose(torch.tensor(got), torch.tensor(want), atol=1e-9)


@pytest.mark.parametrize("literal", [False, True])
def test_channel_ggb_matches_reference(literal):
    torch.manual_seed(2)
    c, h, w = 6, 3, 3
    m = ChannelGGB(c, reduction=2, literal=literal).double()
    y, g = torch.randn(1, c, h, w).double() * 0.3, torch.randn(1, c, h, w).double() * 0.3
    got = m(y, g)[0].reshape(c, -1).tolist()
    Y, G = y[0].reshape(c, -1).tolist(), g[0].reshape(c, -1).tolist()
    lam = [sum(r) / len(r) for r in G]
    w1, b1 = m.fc1.weight.tolist(), m.fc1.bias.tolist()
    w2, b2 = m.fc2.weight.tolist(), m.fc2.bias.tolist()
    hid = [max(0.0, sum(w1[o][i] * lam[i] for i in range(c)) + b1[o]) for o in range(len(w1))]
    gam = [1 / (1 + math.exp(-(sum(w2[o][i] * hid[i] for i in range(len(hid))) + b2[o]))) for o in range(c)]
    Gr = [[gam[k] * v for v in G[k]] for k in range(c)]
    gram = lambda A: [[sum(p * q for p, q in zip(A[i], A[j])) for j in range(c)] for i in range(c)]
    s = combine(gram(Y), gram(Gr), literal)
    want = [[Y[k][n] + sum(s[k][j] * Y[j][n] for j in range(c)) for n in range(h * w)] for k in range(c)]
    assert torch.allclose(torch.tensor(got), torch.tensor(want), atol=1e-9)


def test_literal_combination_is_nearly_uniform():
    # Why the default renormalises instead (README): the paper's literal softmax of a product of softmaxes
    # flattens to a mean over positions.
    torch.manual_seed(3)
    e = torch.randn(1, 64, 64) * 5
    lit = combine_similarities(e, e, True)
    assert (lit.max(-1).values - 1 / 64).abs().max() < 0.05
    norm = combine_similarities(e, e, False)
    assert norm.max(-1).values.min() > 0.2


def test_resnet_stem_is_stride_two():
    net = ResNet(18, width=0.25).eval()
    with torch.no_grad():
        stem, feats = net.forward_with_stem(torch.randn(1, 1, 64, 96))
    assert stem.shape == (1, net.channels_stem, 32, 48)
    assert feats[0].shape[-2:] == (16, 24)


@pytest.mark.parametrize("refine", [False, True])
@pytest.mark.parametrize("hw", [(64, 96), (128, 160), (256, 320)])
def test_ugbnet_lite_refine_shapes(refine, hw):
    spec = {**default_spec("ugbnet"), "refine": refine}
    net = build(spec).eval()
    with torch.no_grad():
        assert net(torch.randn(2, 1, *hw)).shape == (2, 1, *hw)
    assert hasattr(net, "refine") == refine


def test_refine_is_the_lite_default_and_old_specs_stay_paper_faithful():
    assert default_spec("ugbnet")["refine"] is True
    old = {k: v for k, v in default_spec("ugbnet").items() if k != "refine"}  # checkpoints before the option
    assert build(old).cfg.refine is False


def test_refine_path_is_wired_and_prior_initialised():
    torch.manual_seed(0)
    net = build(default_spec("ugbnet")).train()
    assert float(net.refine.out.bias) == pytest.approx(math.log(0.01 / 0.99))
    x = torch.randn(2, 1, 64, 96, requires_grad=True)
    net(x).sum().backward()
    for m in (net.refine.lat, net.refine.mid[0], net.refine.full[0], net.backbone.stem[0][0]):
        assert m.weight.grad is not None and float(m.weight.grad.abs().sum()) > 0
    # the full-resolution convolution sees the image itself: a single-pixel change moves its neighbours
    net.eval()
    with torch.no_grad():
        a = torch.zeros(1, 1, 64, 96)
        b = a.clone()
        b[0, 0, 31, 47] = 5.0
        d = (net(b) - net(a)).abs()[0, 0]
    assert float(d[30:33, 46:49].max()) > 0
