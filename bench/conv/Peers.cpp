//===- Peers.cpp - oneDNN and XNNPACK convolutions ------------------------===//
//
// Part of quant-edge's benchmarks.
//
//===----------------------------------------------------------------------===//

#include "Peers.h"

#include <oneapi/dnnl/dnnl.hpp>
#include <xnnpack.h>

#include <unordered_map>
#include <vector>

namespace qedge_bench {

//===----------------------------------------------------------------------===//
// oneDNN
//===----------------------------------------------------------------------===//

namespace {
using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

/// The output scale of channel c as the peers take it: float32 of
/// S_in * S_w[c] / S_out.
std::vector<float> outputScales(const ConvLayer &layer) {
  std::vector<float> scales(layer.oc);
  for (int64_t c = 0; c < layer.oc; ++c)
    scales[c] = static_cast<float>(layer.inputScale * layer.weightScales[c] /
                                   layer.outputScale);
  return scales;
}

class OneDnnPeer final : public Peer {
public:
  OneDnnPeer(const ConvLayer &layer, const uint8_t *input)
      : engine(dnnl::engine::kind::cpu, 0), stream(engine),
        src(input, input + layer.inputElements()),
        dst(layer.outputElements()), zeroPoint(layer.inputZpU8) {
    const dnnl::memory::dim g = layer.groups;
    dnnl::memory::dims srcDims{1, layer.ic, layer.h, layer.w};
    dnnl::memory::dims dstDims{1, layer.oc, layer.oh(), layer.ow()};
    dnnl::memory::dims weiDims =
        g == 1 ? dnnl::memory::dims{layer.oc, layer.ic, layer.kh, layer.kw}
               : dnnl::memory::dims{g, layer.oc / g, layer.ic / g, layer.kh,
                                    layer.kw};
    dnnl::memory::desc srcMd(srcDims, dt::u8, tag::nhwc);
    dnnl::memory::desc dstMd(dstDims, dt::s8, tag::nhwc);
    dnnl::memory::desc weiAny(weiDims, dt::s8, tag::any);
    dnnl::memory::desc biasMd({layer.oc}, dt::s32, tag::x);

    dnnl::convolution_forward::desc desc(
        dnnl::prop_kind::forward_inference,
        dnnl::algorithm::convolution_direct, srcMd, weiAny, biasMd, dstMd,
        {layer.strideH, layer.strideW}, {layer.padTop, layer.padLeft},
        {layer.padBottom, layer.padRight});
    dnnl::primitive_attr attr;
    // Mask 2: one scale per output channel (dimension 1 of dst).
    attr.set_output_scales(1 << 1, outputScales(layer));
    if (zeroPoint != 0)
      attr.set_zero_points(DNNL_ARG_SRC, 0, {DNNL_RUNTIME_S32_VAL});
    pd = dnnl::convolution_forward::primitive_desc(desc, attr, engine);
    conv = dnnl::convolution_forward(pd);

    // The weights, OHWI (grouped: G, O/G, H, W, I/G), reordered once into
    // the layout the primitive chose (with its compensation, if any).
    dnnl::memory::desc userWeiMd(weiDims, dt::s8, g == 1 ? tag::ohwi : tag::gohwi);
    dnnl::memory userWei(userWeiMd, engine,
                         const_cast<int8_t *>(layer.weights.data()));
    weights = dnnl::memory(pd.weights_desc(), engine);
    dnnl::reorder(userWei, weights).execute(stream, userWei, weights);
    stream.wait();

    bias = layer.bias;
    args = {{DNNL_ARG_SRC, dnnl::memory(srcMd, engine, src.data())},
            {DNNL_ARG_WEIGHTS, weights},
            {DNNL_ARG_BIAS, dnnl::memory(biasMd, engine, bias.data())},
            {DNNL_ARG_DST, dnnl::memory(dstMd, engine, dst.data())}};
    if (zeroPoint != 0)
      args[DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC] =
          dnnl::memory({{1}, dt::s32, tag::x}, engine, &zeroPoint);
  }

  void run() override {
    conv.execute(stream, args);
    stream.wait();
  }
  const int8_t *output() const override { return dst.data(); }
  std::string implementation() const override { return pd.impl_info_str(); }

private:
  dnnl::engine engine;
  dnnl::stream stream;
  std::vector<uint8_t> src;
  std::vector<int8_t> dst;
  std::vector<int32_t> bias;
  int32_t zeroPoint;
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward conv;
  dnnl::memory weights;
  std::unordered_map<int, dnnl::memory> args;
};
} // namespace

std::unique_ptr<Peer> createOneDnn(const ConvLayer &layer, const uint8_t *input,
                                   std::string &error) {
  try {
    return std::make_unique<OneDnnPeer>(layer, input);
  } catch (const dnnl::error &e) {
    error = std::string("oneDNN: ") + e.what();
    return nullptr;
  }
}

std::string oneDnnVersion() {
  const dnnl::version_t *v = dnnl::version();
  const char *runtime = v->cpu_runtime == DNNL_RUNTIME_OMP    ? "OpenMP"
                        : v->cpu_runtime == DNNL_RUNTIME_TBB  ? "TBB"
                        : v->cpu_runtime == DNNL_RUNTIME_SEQ  ? "sequential"
                        : v->cpu_runtime == DNNL_RUNTIME_THREADPOOL ? "threadpool"
                                                              : "other";
  return std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
         std::to_string(v->patch) + ", CPU runtime " + runtime;
}

//===----------------------------------------------------------------------===//
// XNNPACK
//===----------------------------------------------------------------------===//

namespace {
const char *xnnStatusName(xnn_status status) {
  switch (status) {
  case xnn_status_success:
    return "success";
  case xnn_status_uninitialized:
    return "uninitialized";
  case xnn_status_invalid_parameter:
    return "invalid parameter";
  case xnn_status_invalid_state:
    return "invalid state";
  case xnn_status_unsupported_parameter:
    return "unsupported parameter";
  case xnn_status_unsupported_hardware:
    return "unsupported hardware";
  case xnn_status_out_of_memory:
    return "out of memory";
  }
  return "unknown status";
}

class XnnpackPeer final : public Peer {
public:
  explicit XnnpackPeer(const ConvLayer &layer) : layer(layer) {}
  ~XnnpackPeer() override {
    if (op)
      xnn_delete_operator(op);
  }

  xnn_status create(const uint8_t *input) {
    // s8 activations: the same reals as u8 with the zero point moved by 128.
    src.resize(layer.inputElements());
    for (size_t i = 0; i < src.size(); ++i)
      src[i] = static_cast<int8_t>(input[i] - 128);
    dst.resize(layer.outputElements());
    std::vector<float> kernelScales(layer.weightScales.begin(),
                                    layer.weightScales.end());
    // Kernel layout [groups, OC/groups, KH, KW, IC/groups]: our OHWI. XNNPACK
    // computes the requantization scale S_in * S_w[c] / S_out in float32.
    xnn_status status = xnn_create_convolution2d_nhwc_qc8(
        static_cast<uint32_t>(layer.padTop), static_cast<uint32_t>(layer.padRight),
        static_cast<uint32_t>(layer.padBottom), static_cast<uint32_t>(layer.padLeft),
        static_cast<uint32_t>(layer.kh), static_cast<uint32_t>(layer.kw),
        static_cast<uint32_t>(layer.strideH), static_cast<uint32_t>(layer.strideW),
        /*dilation_height=*/1, /*dilation_width=*/1,
        static_cast<uint32_t>(layer.groups), layer.icPerGroup(),
        layer.ocPerGroup(), /*input_channel_stride=*/layer.ic,
        /*output_channel_stride=*/layer.oc,
        static_cast<int8_t>(layer.inputZpU8 - 128),
        static_cast<float>(layer.inputScale), kernelScales.data(),
        layer.weights.data(), layer.bias.data(), /*output_zero_point=*/0,
        static_cast<float>(layer.outputScale), /*output_min=*/-128,
        /*output_max=*/127, /*flags=*/0, &op);
    if (status != xnn_status_success)
      return status;
    return xnn_setup_convolution2d_nhwc_qc8(op, 1, layer.h, layer.w, src.data(),
                                            dst.data(), /*threadpool=*/nullptr);
  }

  void run() override { xnn_run_operator(op, /*threadpool=*/nullptr); }
  const int8_t *output() const override { return dst.data(); }
  // XNNPACK does not report its choice; these are the paths its convolution
  // operator takes for such shapes.
  std::string implementation() const override {
    return layer.groups == layer.ic && layer.icPerGroup() == 1 &&
                   layer.ocPerGroup() == 1
               ? "qc8 dwconv"
               : layer.kh == 1 && layer.kw == 1 && layer.strideH == 1 &&
                         layer.padTop + layer.padLeft == 0
                     ? "qc8 gemm (1x1)"
                     : "qc8 igemm";
  }

private:
  const ConvLayer &layer;
  std::vector<int8_t> src, dst;
  xnn_operator_t op = nullptr;
};
} // namespace

std::unique_ptr<Peer> createXnnpack(const ConvLayer &layer,
                                    const uint8_t *input, std::string &error) {
  static xnn_status init = xnn_initialize(/*allocator=*/nullptr);
  if (init != xnn_status_success) {
    error = std::string("XNNPACK: xnn_initialize: ") + xnnStatusName(init);
    return nullptr;
  }
  auto peer = std::make_unique<XnnpackPeer>(layer);
  if (xnn_status status = peer->create(input); status != xnn_status_success) {
    error = std::string("XNNPACK: ") + xnnStatusName(status);
    return nullptr;
  }
  return peer;
}

} // namespace qedge_bench
