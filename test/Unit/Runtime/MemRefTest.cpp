//===- MemRefTest.cpp - The runtime's memrefCopy --------------------------===//
//
// Descriptors are laid out by hand as the LLVM lowering lays them out
// ({allocated, aligned, offset, sizes[rank], strides[rank]}); the expected
// elements are written out by hand.
//
//===----------------------------------------------------------------------===//

#include "qedge/Runtime/MemRef.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <vector>

namespace {

/// A ranked descriptor over `data`.
template <int Rank> struct Descriptor {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};

/// The rank-0 descriptor has no sizes or strides.
struct Descriptor0 {
  void *allocated;
  void *aligned;
  int64_t offset;
};

TEST(MemRefCopyTest, StridedWindowIntoContiguous) {
  // src is a 4x5 row-major int16 matrix 0..19; the window starts at (1, 1)
  // and takes rows 1..2, columns 1 and 3: {6, 8, 11, 13}.
  std::vector<int16_t> src(20), dst(4, -1);
  for (int i = 0; i < 20; ++i)
    src[i] = static_cast<int16_t>(i);
  Descriptor<2> s{src.data(), src.data(), 6, {2, 2}, {5, 2}};
  Descriptor<2> d{dst.data(), dst.data(), 0, {2, 2}, {2, 1}};
  qedge_unranked_memref us{2, &s}, ud{2, &d};
  qedge_memref_copy(sizeof(int16_t), &us, &ud);
  EXPECT_EQ(dst, (std::vector<int16_t>{6, 8, 11, 13}));
}

TEST(MemRefCopyTest, ContiguousIntoStrided) {
  // Scatter {1, 2, 3} into every other element of dst, from offset 1.
  std::vector<int32_t> src{1, 2, 3}, dst(7, 0);
  Descriptor<1> s{src.data(), src.data(), 0, {3}, {1}};
  Descriptor<1> d{dst.data(), dst.data(), 1, {3}, {2}};
  qedge_unranked_memref us{1, &s}, ud{1, &d};
  qedge_memref_copy(sizeof(int32_t), &us, &ud);
  EXPECT_EQ(dst, (std::vector<int32_t>{0, 1, 0, 2, 0, 3, 0}));
}

TEST(MemRefCopyTest, ContiguousWithUnitDimensionsAndOffsets) {
  // Strides of unit dimensions do not matter for contiguity.
  std::vector<float> src{0, 0, 1.5f, -2.0f, 3.25f}, dst(3, 0);
  Descriptor<2> s{src.data(), src.data(), 2, {1, 3}, {99, 1}};
  Descriptor<2> d{dst.data(), dst.data(), 0, {1, 3}, {3, 1}};
  qedge_unranked_memref us{2, &s}, ud{2, &d};
  qedge_memref_copy(sizeof(float), &us, &ud);
  EXPECT_EQ(dst, (std::vector<float>{1.5f, -2.0f, 3.25f}));
}

TEST(MemRefCopyTest, ScalarAndEmpty) {
  int64_t from = 42, to = 0;
  Descriptor0 s{&from, &from, 0}, d{&to, &to, 0};
  qedge_unranked_memref us{0, &s}, ud{0, &d};
  qedge_memref_copy(sizeof(int64_t), &us, &ud);
  EXPECT_EQ(to, 42);

  // Zero elements: nothing is touched, whatever the pointers.
  Descriptor<1> es{nullptr, nullptr, 0, {0}, {1}};
  Descriptor<1> ed{nullptr, nullptr, 0, {0}, {1}};
  qedge_unranked_memref ues{1, &es}, ued{1, &ed};
  qedge_memref_copy(4, &ues, &ued);
}

} // namespace
