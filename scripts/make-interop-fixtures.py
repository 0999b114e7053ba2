#!/usr/bin/env python3
"""Regenerates packages/interop/test/fixtures: ONNX files as the real converters write them for
multilayer perceptrons, each beside the predictions of the library that made the model.

- skl2onnx (scikit-learn's converter): MLPClassifier on iris with string labels behind a
  StandardScaler (the Scaler node), with zipmap on and off; a two-class MLPClassifier (its
  Sigmoid -> Sub -> Concat head); an MLPRegressor with two outputs. The recorded numbers are
  scikit-learn's own predict_proba / predict / predict.
- torch.onnx.export of an nn.Sequential and tf2onnx from a Keras Dense stack: used when torch or
  tf2onnx is installed; without them the graph is built with onnx.helper in the shape those tools
  document (torch: Gemm with transB=1, `/0/Gemm` node names, input `input`, dynamic `batch_size`;
  tf2onnx: MatMul + Add per Dense, a final Softmax, `sequential/dense/...` names, an Identity to
  the output, input dimension `unk__N`). Their predictions are recorded from onnxruntime, the
  runtime these graphs are made for, checked against a NumPy forward pass.

Needs: pip install onnx skl2onnx scikit-learn onnxruntime numpy. Deterministic (fixed seeds).
Usage: python3 scripts/make-interop-fixtures.py
"""

import json
import pathlib
import warnings

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from skl2onnx import to_onnx
from sklearn.datasets import load_iris
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parent.parent / "packages" / "interop" / "test" / "fixtures"
OPSET = 17


def save(name, model_bytes, record):
    (OUT / f"{name}.onnx").write_bytes(model_bytes)
    (OUT / f"{name}.json").write_text(json.dumps(record, indent=1) + "\n")
    print(f"wrote {name}.onnx ({len(model_bytes)} bytes) and {name}.json")


def rows(X):
    return [[float(v) for v in row] for row in X]


def iris():
    data = load_iris()
    names = np.array(data.target_names)[data.target]  # string labels: 'setosa', ...
    return data.data.astype(np.float32), names


def sklearn_fixtures():
    X, labels = iris()
    probe = X[::10]
    clf = make_pipeline(
        StandardScaler(),
        MLPClassifier(hidden_layer_sizes=(8,), activation="relu", max_iter=800, random_state=0),
    ).fit(X, labels)
    record = {
        "library": "scikit-learn",
        "inputs": rows(probe),
        "classes": [str(c) for c in clf.classes_],
        "probabilities": rows(clf.predict_proba(probe)),
        "labels": [str(c) for c in clf.predict(probe)],
    }
    for zipmap in (True, False):
        onx = to_onnx(clf, X[:1], target_opset=OPSET, options={"zipmap": zipmap})
        save(f"skl2onnx-mlp-classifier-zipmap-{'on' if zipmap else 'off'}", onx.SerializeToString(), record)

    binary = labels != "setosa"
    y2 = np.where(binary, "yes", "no")
    clf2 = MLPClassifier(hidden_layer_sizes=(6,), activation="tanh", max_iter=800, random_state=0).fit(X, y2)
    onx = to_onnx(clf2, X[:1], target_opset=OPSET, options={"zipmap": False})
    save(
        "skl2onnx-mlp-classifier-binary",
        onx.SerializeToString(),
        {
            "library": "scikit-learn",
            "inputs": rows(probe),
            "classes": [str(c) for c in clf2.classes_],
            "probabilities": rows(clf2.predict_proba(probe)),
            "labels": [str(c) for c in clf2.predict(probe)],
        },
    )

    # one target: skl2onnx 1.20 reshapes a multi-output MLPRegressor's [N, k] to [N*k, 1]
    Y = X[:, 0] * X[:, 1] - X[:, 2]
    reg = MLPRegressor(hidden_layer_sizes=(10, 5), activation="logistic", max_iter=2000, random_state=0).fit(X, Y)
    onx = to_onnx(reg, X[:1], target_opset=OPSET)
    save(
        "skl2onnx-mlp-regressor",
        onx.SerializeToString(),
        {"library": "scikit-learn", "inputs": rows(probe), "values": [[float(v)] for v in reg.predict(probe)]},
    )


def weights(rng, d_out, d_in):
    return (rng.standard_normal((d_out, d_in)) / np.sqrt(d_in)).astype(np.float32)


def run_ort(model_bytes, X):
    session = onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})


def checked_model(nodes, graph_name, input_name, input_batch, output_name, output_batch, init, producer, version):
    """The ONNX model a converter writes: one float input [batch, 4], one float output [batch, 3], IR 8."""
    graph = helper.make_graph(
        nodes,
        graph_name,
        [helper.make_tensor_value_info(input_name, TensorProto.FLOAT, [input_batch, 4])],
        [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, [output_batch, 3])],
        init,
    )
    model = helper.make_model(graph, producer_name=producer, producer_version=version, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def torch_shaped():
    """nn.Sequential(Linear(4,8), LeakyReLU(0.1), Dropout, Linear(8,6), Tanh, Linear(6,3), Softmax(1)) on (x - mean) / std."""
    rng = np.random.default_rng(1)
    mean = rng.standard_normal(4).astype(np.float32)
    std = (rng.random(4) + 0.5).astype(np.float32)
    W1, b1 = weights(rng, 8, 4), rng.standard_normal(8).astype(np.float32)
    W2, b2 = weights(rng, 6, 8), rng.standard_normal(6).astype(np.float32)
    W3, b3 = weights(rng, 3, 6), rng.standard_normal(3).astype(np.float32)
    init = [
        numpy_helper.from_array(mean, "mean"),
        numpy_helper.from_array(std, "std"),
        numpy_helper.from_array(W1, "0.weight"),
        numpy_helper.from_array(b1, "0.bias"),
        numpy_helper.from_array(W2, "3.weight"),
        numpy_helper.from_array(b2, "3.bias"),
        numpy_helper.from_array(W3, "5.weight"),
        numpy_helper.from_array(b3, "5.bias"),
    ]
    nodes = [
        helper.make_node("Sub", ["input", "mean"], ["/Sub_output_0"], name="/Sub"),
        helper.make_node("Div", ["/Sub_output_0", "std"], ["/Div_output_0"], name="/Div"),
        helper.make_node("Flatten", ["/Div_output_0"], ["/Flatten_output_0"], name="/Flatten", axis=1),
        helper.make_node("Gemm", ["/Flatten_output_0", "0.weight", "0.bias"], ["/0/Gemm_output_0"], name="/0/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("LeakyRelu", ["/0/Gemm_output_0"], ["/1/LeakyRelu_output_0"], name="/1/LeakyRelu", alpha=0.1),
        helper.make_node("Identity", ["/1/LeakyRelu_output_0"], ["/2/Identity_output_0"], name="/2/Identity"),
        helper.make_node("Gemm", ["/2/Identity_output_0", "3.weight", "3.bias"], ["/3/Gemm_output_0"], name="/3/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Tanh", ["/3/Gemm_output_0"], ["/4/Tanh_output_0"], name="/4/Tanh"),
        helper.make_node("Gemm", ["/4/Tanh_output_0", "5.weight", "5.bias"], ["/5/Gemm_output_0"], name="/5/Gemm", alpha=1.0, beta=1.0, transB=1),
        helper.make_node("Softmax", ["/5/Gemm_output_0"], ["output"], name="/6/Softmax", axis=1),
    ]
    model = checked_model(nodes, "main_graph", "input", "batch_size", "output", "batch_size", init, "pytorch", "2.5.1")
    X = np.random.default_rng(2).standard_normal((12, 4)).astype(np.float32) * 2
    z = (X - mean) / std
    h = z @ W1.T + b1
    h = np.where(h > 0, h, 0.1 * h)
    h = np.tanh(h @ W2.T + b2)
    s = h @ W3.T + b3
    p = np.exp(s - s.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    (got,) = run_ort(model.SerializeToString(), X)
    assert np.abs(got - p).max() < 1e-5, np.abs(got - p).max()
    save("torch-sequential", model.SerializeToString(), {"library": "onnxruntime", "inputs": rows(X), "probabilities": rows(got)})


def tf2onnx_shaped():
    """keras.Sequential([Dense(7, relu), Dense(5, sigmoid), Dense(3, softmax)]) as tf2onnx writes it."""
    rng = np.random.default_rng(3)
    K1, c1 = weights(rng, 7, 4).T.copy(), rng.standard_normal(7).astype(np.float32)
    K2, c2 = weights(rng, 5, 7).T.copy(), rng.standard_normal(5).astype(np.float32)
    K3, c3 = weights(rng, 3, 5).T.copy(), rng.standard_normal(3).astype(np.float32)
    p = "sequential/"
    init = [
        numpy_helper.from_array(K1, p + "dense/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(c1, p + "dense/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(K2, p + "dense_1/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(c2, p + "dense_1/BiasAdd/ReadVariableOp:0"),
        numpy_helper.from_array(K3, p + "dense_2/MatMul/ReadVariableOp:0"),
        numpy_helper.from_array(c3, p + "dense_2/BiasAdd/ReadVariableOp:0"),
    ]
    nodes = []
    h = "dense_input"
    for name, act in (("dense", "Relu"), ("dense_1", "Sigmoid"), ("dense_2", "Softmax")):
        nodes.append(helper.make_node("MatMul", [h, f"{p}{name}/MatMul/ReadVariableOp:0"], [f"{p}{name}/MatMul:0"], name=f"{p}{name}/MatMul"))
        nodes.append(helper.make_node("Add", [f"{p}{name}/MatMul:0", f"{p}{name}/BiasAdd/ReadVariableOp:0"], [f"{p}{name}/BiasAdd:0"], name=f"{p}{name}/BiasAdd"))
        extra = {"axis": 1} if act == "Softmax" else {}
        nodes.append(helper.make_node(act, [f"{p}{name}/BiasAdd:0"], [f"{p}{name}/{act}:0"], name=f"{p}{name}/{act}", **extra))
        h = f"{p}{name}/{act}:0"
    nodes.append(helper.make_node("Identity", [h], ["dense_2"], name="Identity"))
    model = checked_model(nodes, "tf2onnx", "dense_input", "unk__6", "dense_2", "unk__7", init, "tf2onnx", "1.16.1 15c810")
    X = np.random.default_rng(4).standard_normal((12, 4)).astype(np.float32) * 2
    h = np.maximum(X @ K1 + c1, 0)
    h = 1 / (1 + np.exp(-(h @ K2 + c2)))
    s = h @ K3 + c3
    q = np.exp(s - s.max(1, keepdims=True))
    q /= q.sum(1, keepdims=True)
    (got,) = run_ort(model.SerializeToString(), X)
    assert np.abs(got - q).max() < 1e-5, np.abs(got - q).max()
    save("tf2onnx-keras-dense", model.SerializeToString(), {"library": "onnxruntime", "inputs": rows(X), "probabilities": rows(got)})


if __name__ == "__main__":
    warnings.filterwarnings("ignore", message="Stochastic Optimizer")  # a few hundred epochs suffice for fixtures
    OUT.mkdir(parents=True, exist_ok=True)
    sklearn_fixtures()
    torch_shaped()
    tf2onnx_shaped()
