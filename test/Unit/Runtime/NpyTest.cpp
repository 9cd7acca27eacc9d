//===- NpyTest.cpp - The runtime's .npy reader and writer -----------------===//
//
// The expected bytes are spelled out from numpy/lib/format.py's description
// of the format (magic, version, little-endian header length, a dict literal
// padded to a multiple of 64 bytes); the lit tests under test/qedge-run check
// the same code against numpy itself.
//
//===----------------------------------------------------------------------===//

#include "qedge/Runtime/Npy.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {

/// A file in the test's temporary directory, removed at the end of the test.
class TempFile {
public:
  explicit TempFile(const std::string &suffix) {
    const testing::TestInfo *info =
        testing::UnitTest::GetInstance()->current_test_info();
    // The process id keeps concurrent runs (two build trees) apart.
    path = testing::TempDir() + "qedge-npy-" + std::to_string(getpid()) + "-" +
           info->test_suite_name() + "-" + info->name() + "-" + suffix + ".npy";
  }
  ~TempFile() { std::remove(path.c_str()); }

  void write(const std::string &bytes) const {
    // Truncating a file that has data makes ext4 flush it on close (its
    // auto_da_alloc heuristic), which is slow; a fresh file is not.
    std::remove(path.c_str());
    FILE *file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    ASSERT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), file), bytes.size());
    std::fclose(file);
  }

  std::string read() const {
    std::string bytes;
    FILE *file = std::fopen(path.c_str(), "rb");
    if (!file)
      return bytes;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0)
      bytes.append(buf, n);
    std::fclose(file);
    return bytes;
  }

  std::string path;
};

/// A version 1.0 file: preamble, `header` padded with spaces and a newline
/// to a multiple of 64 bytes, then `data`.
std::string npyV1(const std::string &header, const std::string &data) {
  std::string padded = header;
  while ((10 + padded.size() + 1) % 64 != 0)
    padded += ' ';
  padded += '\n';
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(padded.size() & 0xff);
  bytes += static_cast<char>(padded.size() >> 8);
  return bytes + padded + data;
}

/// A version 2.0 or 3.0 file (32-bit header length), header unpadded.
std::string npyV2(char major, const std::string &header,
                  const std::string &data) {
  std::string bytes("\x93NUMPY", 6);
  bytes += major;
  bytes += '\0';
  uint32_t size = static_cast<uint32_t>(header.size());
  for (int i = 0; i < 4; ++i)
    bytes += static_cast<char>((size >> (8 * i)) & 0xff);
  return bytes + header + data;
}

std::string int32Bytes(std::initializer_list<int32_t> values) {
  std::string bytes;
  for (int32_t v : values) {
    uint32_t u = static_cast<uint32_t>(v);
    for (int i = 0; i < 4; ++i)
      bytes += static_cast<char>((u >> (8 * i)) & 0xff);
  }
  return bytes;
}

/// Reads `file`, expecting failure with `status`; returns the message.
std::string readError(const TempFile &file, qedge_npy_status status) {
  qedge_npy_array array;
  char err[512] = "unset";
  EXPECT_EQ(qedge_npy_read(file.path.c_str(), &array, err, sizeof(err)),
            status);
  EXPECT_EQ(array.data, nullptr);
  EXPECT_EQ(array.allocation, nullptr);
  return err;
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

TEST(NpyReadTest, Version1Int32Matrix) {
  TempFile file("m");
  file.write(
      npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }",
            int32Bytes({1, -2, 3, 2147483647, -2147483647 - 1, 0})));
  qedge_npy_array array;
  char err[256];
  ASSERT_EQ(qedge_npy_read(file.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  EXPECT_EQ(array.dtype, QEDGE_NPY_INT32);
  ASSERT_EQ(array.rank, 2u);
  EXPECT_EQ(array.shape[0], 2);
  EXPECT_EQ(array.shape[1], 3);
  EXPECT_EQ(array.nbytes, 24u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(array.data) % QEDGE_NPY_ALIGNMENT, 0u);
  const int32_t *values = static_cast<const int32_t *>(array.data);
  EXPECT_EQ(values[0], 1);
  EXPECT_EQ(values[1], -2);
  EXPECT_EQ(values[3], 2147483647);
  EXPECT_EQ(values[4], -2147483647 - 1);
  qedge_npy_free(&array);
  EXPECT_EQ(array.data, nullptr);
  EXPECT_EQ(array.allocation, nullptr);
  EXPECT_EQ(array.rank, 0u);
  EXPECT_EQ(array.nbytes, 0u);
  qedge_npy_free(&array); // Harmless twice.
}

TEST(NpyReadTest, ScalarAndEmptyShapes) {
  TempFile scalar("scalar"), empty("empty"), one("one");
  scalar.write(npyV1("{'descr': '|i1', 'fortran_order': False, 'shape': (), }",
                     std::string(1, '\xfe')));
  empty.write(
      npyV1("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", ""));
  one.write(npyV1("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                  "\x01\x02\xff"));
  qedge_npy_array array;
  char err[256];

  ASSERT_EQ(qedge_npy_read(scalar.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  EXPECT_EQ(array.dtype, QEDGE_NPY_INT8);
  EXPECT_EQ(array.rank, 0u);
  EXPECT_EQ(qedge_npy_num_elements(&array), 1);
  EXPECT_EQ(*static_cast<const int8_t *>(array.data), -2);
  qedge_npy_free(&array);

  ASSERT_EQ(qedge_npy_read(empty.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  EXPECT_EQ(array.dtype, QEDGE_NPY_FLOAT32);
  EXPECT_EQ(array.nbytes, 0u);
  EXPECT_NE(array.data, nullptr);
  qedge_npy_free(&array);

  ASSERT_EQ(qedge_npy_read(one.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  EXPECT_EQ(array.dtype, QEDGE_NPY_UINT8);
  ASSERT_EQ(array.rank, 1u);
  EXPECT_EQ(array.shape[0], 3);
  EXPECT_EQ(static_cast<const uint8_t *>(array.data)[2], 255);
  qedge_npy_free(&array);
}

TEST(NpyReadTest, Versions2And3AndHeaderSpellings) {
  // Double quotes, another key order, no trailing comma, Python 2 longs, no
  // padding: all valid Python dict literals numpy would accept.
  const std::string data = int32Bytes({7, 8});
  TempFile v2("v2"), v3("v3");
  v2.write(npyV2(2,
                 "{\"shape\": (2L,), \"descr\": \"<i4\", "
                 "\"fortran_order\": False}\n",
                 data));
  v3.write(
      npyV2(3, "{'fortran_order':False,'shape':(1,2),'descr':'<i4'}", data));
  for (const TempFile *file : {&v2, &v3}) {
    qedge_npy_array array;
    char err[256];
    ASSERT_EQ(qedge_npy_read(file->path.c_str(), &array, err, sizeof(err)),
              QEDGE_NPY_OK)
        << err;
    EXPECT_EQ(array.dtype, QEDGE_NPY_INT32);
    EXPECT_EQ(qedge_npy_num_elements(&array), 2);
    EXPECT_EQ(static_cast<const int32_t *>(array.data)[1], 8);
    qedge_npy_free(&array);
  }
}

TEST(NpyReadTest, EveryDtype) {
  struct Case {
    const char *descr;
    qedge_npy_dtype dtype;
    size_t size;
    const char *name;
  } cases[] = {
      {"|i1", QEDGE_NPY_INT8, 1, "int8"},
      {"<i1", QEDGE_NPY_INT8, 1, "int8"},
      {"|u1", QEDGE_NPY_UINT8, 1, "uint8"},
      {"<i2", QEDGE_NPY_INT16, 2, "int16"},
      {"<u2", QEDGE_NPY_UINT16, 2, "uint16"},
      {"<i4", QEDGE_NPY_INT32, 4, "int32"},
      {"<u4", QEDGE_NPY_UINT32, 4, "uint32"},
      {"<i8", QEDGE_NPY_INT64, 8, "int64"},
      {"<u8", QEDGE_NPY_UINT64, 8, "uint64"},
      {"<f4", QEDGE_NPY_FLOAT32, 4, "float32"},
      {"<f8", QEDGE_NPY_FLOAT64, 8, "float64"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.descr);
    TempFile file("dtype");
    file.write(npyV1(std::string("{'descr': '") + c.descr +
                         "', 'fortran_order': False, 'shape': (2,), }",
                     std::string(2 * c.size, '\x01')));
    qedge_npy_array array;
    char err[256];
    ASSERT_EQ(qedge_npy_read(file.path.c_str(), &array, err, sizeof(err)),
              QEDGE_NPY_OK)
        << err;
    EXPECT_EQ(array.dtype, c.dtype);
    EXPECT_EQ(qedge_npy_dtype_size(array.dtype), c.size);
    EXPECT_STREQ(qedge_npy_dtype_name(array.dtype), c.name);
    EXPECT_EQ(array.nbytes, 2 * c.size);
    qedge_npy_free(&array);
  }
}

TEST(NpyReadTest, RejectsTrailingBytes) {
  // np.load ignores them; a reader for compilers takes them for a header
  // whose shape lost a dimension.
  TempFile file("trailing");
  file.write(npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (1,), }",
                   int32Bytes({5, 6})));
  std::string err = readError(file, QEDGE_NPY_ERROR_FORMAT);
  EXPECT_EQ(err, "'" + file.path +
                     "': 4 unexpected bytes after the data (shape [1] of "
                     "int32 is 4 bytes)");
}

TEST(NpyReadTest, LimitsTheBytesAllocated) {
  TempFile file("limit");
  file.write(npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }",
                   int32Bytes({5, 6})));
  qedge_npy_array array;
  char err[256];
  EXPECT_EQ(qedge_npy_read_limited(file.path.c_str(), &array, 7, err,
                                   sizeof(err)),
            QEDGE_NPY_ERROR_TOO_LARGE);
  EXPECT_EQ(array.allocation, nullptr);
  EXPECT_EQ(std::string(err),
            "'" + file.path +
                "': shape [2] of int32 is 8 bytes, more than the limit of 7 "
                "bytes");
  ASSERT_EQ(qedge_npy_read_limited(file.path.c_str(), &array, 8, err,
                                   sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  qedge_npy_free(&array);
}

//===----------------------------------------------------------------------===//
// Errors: each names the file and the problem
//===----------------------------------------------------------------------===//

TEST(NpyErrorTest, MissingFile) {
  TempFile file("never-written");
  std::string err = readError(file, QEDGE_NPY_ERROR_IO);
  EXPECT_EQ(err, "'" + file.path + "': cannot open: No such file or directory");
}

TEST(NpyErrorTest, MalformedFiles) {
  const std::string good =
      "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }";
  const std::string data = int32Bytes({1, 2});
  struct Case {
    const char *what;
    std::string bytes;
    qedge_npy_status status;
    const char *message;
  } cases[] = {
      {"empty", "", QEDGE_NPY_ERROR_FORMAT,
       "not a .npy file (bad magic string)"},
      {"text", "just some text, not numpy", QEDGE_NPY_ERROR_FORMAT,
       "not a .npy file (bad magic string)"},
      {"short preamble", std::string("\x93NUMPY\x01", 7),
       QEDGE_NPY_ERROR_FORMAT, "truncated header (the file has 7 bytes)"},
      {"version", npyV2(4, good, data), QEDGE_NPY_ERROR_UNSUPPORTED,
       "unsupported .npy format version 4.0 (supported: 1.0, 2.0, 3.0)"},
      {"truncated header", npyV1(good, data).substr(0, 30),
       QEDGE_NPY_ERROR_FORMAT,
       "truncated header: 118 header bytes expected, 20 present"},
      {"truncated data", npyV1(good, data).substr(0, 128 + 6),
       QEDGE_NPY_ERROR_FORMAT,
       "truncated data: shape [2] of int32 needs 8 bytes, 6 present"},
      {"huge shape",
       npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (1000000000, "
             "1000000000), }",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "truncated data: shape [1000000000, 1000000000] of int32 needs "
       "4000000000000000000 bytes, 8 present"},
      {"overflowing shape",
       npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': "
             "(9223372036854775807, 9223372036854775807), }",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "shape [9223372036854775807, 9223372036854775807] of int32: the byte "
       "count overflows"},
      {"no descr", npyV1("{'fortran_order': False, 'shape': (2,), }", data),
       QEDGE_NPY_ERROR_FORMAT, "malformed header: no 'descr' key"},
      {"no shape", npyV1("{'descr': '<i4', 'fortran_order': False, }", data),
       QEDGE_NPY_ERROR_FORMAT, "malformed header: no 'shape' key"},
      {"no order", npyV1("{'descr': '<i4', 'shape': (2,), }", data),
       QEDGE_NPY_ERROR_FORMAT, "malformed header: no 'fortran_order' key"},
      {"extra key",
       npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), "
             "'x': 1}",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "malformed header: unexpected or repeated key 'x'"},
      {"repeated key",
       npyV1("{'descr': '<i4', 'descr': '<i4', 'fortran_order': False, "
             "'shape': (2,)}",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "malformed header: unexpected or repeated key 'descr'"},
      {"negative dimension",
       npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (-2,), }",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "malformed header: negative dimension in 'shape' at offset 51"},
      {"non-integer dimension",
       npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2.0,), }",
             data),
       QEDGE_NPY_ERROR_FORMAT,
       "malformed header: non-integer dimension in 'shape' at offset 52"},
      {"not a dict", npyV1("['descr', '<i4']", data), QEDGE_NPY_ERROR_FORMAT,
       "malformed header: expected '{' at offset 0"},
      {"unterminated", npyV1("{'descr': '<i4", data), QEDGE_NPY_ERROR_FORMAT,
       "malformed header: string too long at offset 26"},
      {"fortran",
       npyV1("{'descr': '<i4', 'fortran_order': True, 'shape': (2,), }", data),
       QEDGE_NPY_ERROR_UNSUPPORTED,
       "Fortran-order arrays are not supported; save a C-order array "
       "(np.ascontiguousarray)"},
      {"big-endian",
       npyV1("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", data),
       QEDGE_NPY_ERROR_UNSUPPORTED,
       "big-endian dtype '>i4' is not supported; save the array with a "
       "little-endian dtype (a.astype('<i4'))"},
      {"complex",
       npyV1("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", data),
       QEDGE_NPY_ERROR_UNSUPPORTED,
       "unsupported dtype '<c8' (supported: int8, uint8, int16, uint16, "
       "int32, uint32, int64, uint64, float32, float64)"},
      {"structured",
       npyV1("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': "
             "(2,), }",
             data),
       QEDGE_NPY_ERROR_UNSUPPORTED, "structured dtypes are not supported"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.what);
    TempFile file("malformed");
    file.write(c.bytes);
    EXPECT_EQ(readError(file, c.status), "'" + file.path + "': " + c.message);
  }
}

TEST(NpyErrorTest, EveryTruncationFails) {
  const std::string bytes =
      npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }",
            int32Bytes({1, 2, 3, 4}));
  for (size_t size = 0; size < bytes.size(); ++size) {
    SCOPED_TRACE(size);
    TempFile file("cut");
    file.write(bytes.substr(0, size));
    std::string err = readError(file, QEDGE_NPY_ERROR_FORMAT);
    EXPECT_EQ(err.find("'" + file.path + "': "), 0u) << err;
  }
}

TEST(NpyErrorTest, CorruptHeadersNeverCrash) {
  // Every single-byte change of the header either still reads or fails with
  // a message naming the file; a deterministic walk over positions and
  // values stands in for a fuzzer.
  const std::string bytes =
      npyV1("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 2), }",
            int32Bytes({1, 2, 3, 4}));
  const unsigned char values[] = {0,   '\'', '"', '(', ')', ',',  ':',  '{',
                                  '}', '9',  '-', 'L', ' ', '\\', 0x80, 0xff};
  TempFile file("corrupt");
  for (size_t pos = 0; pos < 128; ++pos)
    for (unsigned char value : values) {
      std::string corrupt = bytes;
      corrupt[pos] = static_cast<char>(value);
      file.write(corrupt);
      qedge_npy_array array;
      char err[256];
      qedge_npy_status status =
          qedge_npy_read(file.path.c_str(), &array, err, sizeof(err));
      if (status == QEDGE_NPY_OK) {
        qedge_npy_free(&array);
        continue;
      }
      std::string message = err;
      EXPECT_EQ(message.find("'" + file.path + "': "), 0u) << message;
      for (char c : message)
        EXPECT_TRUE(c >= ' ' && c <= '~') << "unprintable byte in " << message;
    }
}

TEST(NpyErrorTest, MessageBufferIsNeverOverrun) {
  TempFile file("missing");
  qedge_npy_array array;
  char err[9];
  std::memset(err, 'x', sizeof(err));
  EXPECT_EQ(qedge_npy_read(file.path.c_str(), &array, err, 8),
            QEDGE_NPY_ERROR_IO);
  EXPECT_EQ(std::strlen(err), 7u);
  EXPECT_EQ(err[8], 'x');
  // No buffer at all is allowed.
  EXPECT_EQ(qedge_npy_read(file.path.c_str(), &array, nullptr, 0),
            QEDGE_NPY_ERROR_IO);
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST(NpyWriteTest, WritesVersion1PaddedTo64Bytes) {
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {2, 3};
  ASSERT_EQ(
      qedge_npy_alloc(&array, QEDGE_NPY_INT16, 2, shape, err, sizeof(err)),
      QEDGE_NPY_OK)
      << err;
  int16_t *values = static_cast<int16_t *>(array.data);
  for (int i = 0; i < 6; ++i)
    values[i] = static_cast<int16_t>(i - 3);
  TempFile file("out");
  ASSERT_EQ(qedge_npy_write(file.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  std::string expected = npyV1(
      "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }",
      std::string("\xfd\xff\xfe\xff\xff\xff\x00\x00\x01\x00\x02\x00", 12));
  EXPECT_EQ(file.read(), expected);
  qedge_npy_free(&array);
}

TEST(NpyWriteTest, RoundTripsEveryDtypeAndRank) {
  const qedge_npy_dtype dtypes[] = {
      QEDGE_NPY_INT8,    QEDGE_NPY_UINT8,  QEDGE_NPY_INT16, QEDGE_NPY_UINT16,
      QEDGE_NPY_INT32,   QEDGE_NPY_UINT32, QEDGE_NPY_INT64, QEDGE_NPY_UINT64,
      QEDGE_NPY_FLOAT32, QEDGE_NPY_FLOAT64};
  const std::vector<std::vector<int64_t>> shapes = {
      {}, {0}, {1}, {5}, {2, 0, 3}, {2, 3, 4}, {1, 1, 1, 1, 1, 2}};
  for (qedge_npy_dtype dtype : dtypes)
    for (const std::vector<int64_t> &shape : shapes) {
      SCOPED_TRACE(std::string(qedge_npy_dtype_name(dtype)) + " rank " +
                   std::to_string(shape.size()));
      qedge_npy_array array, back;
      char err[256];
      ASSERT_EQ(qedge_npy_alloc(&array, dtype, shape.size(), shape.data(), err,
                                sizeof(err)),
                QEDGE_NPY_OK)
          << err;
      unsigned char *bytes = static_cast<unsigned char *>(array.data);
      for (size_t i = 0; i < array.nbytes; ++i)
        bytes[i] = static_cast<unsigned char>(i * 37 + 11);
      TempFile file("roundtrip");
      ASSERT_EQ(qedge_npy_write(file.path.c_str(), &array, err, sizeof(err)),
                QEDGE_NPY_OK)
          << err;
      EXPECT_EQ(file.read().size() % 64, array.nbytes % 64);
      ASSERT_EQ(qedge_npy_read(file.path.c_str(), &back, err, sizeof(err)),
                QEDGE_NPY_OK)
          << err;
      EXPECT_EQ(back.dtype, dtype);
      ASSERT_EQ(back.rank, shape.size());
      for (size_t i = 0; i < shape.size(); ++i)
        EXPECT_EQ(back.shape[i], shape[i]);
      ASSERT_EQ(back.nbytes, array.nbytes);
      EXPECT_EQ(std::memcmp(back.data, array.data, array.nbytes), 0);
      qedge_npy_free(&array);
      qedge_npy_free(&back);
    }
}

TEST(NpyWriteTest, UnwritablePath) {
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {1};
  ASSERT_EQ(qedge_npy_alloc(&array, QEDGE_NPY_INT8, 1, shape, err, sizeof(err)),
            QEDGE_NPY_OK);
  std::string path = testing::TempDir() + "qedge-no-such-dir/out.npy";
  EXPECT_EQ(qedge_npy_write(path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_ERROR_IO);
  EXPECT_EQ(std::string(err),
            "'" + path +
                "': cannot open for writing: No such file or directory");
  qedge_npy_free(&array);
}

TEST(NpyWriteTest, ReplacesRegularFilesWhole) {
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {3};
  ASSERT_EQ(qedge_npy_alloc(&array, QEDGE_NPY_INT8, 1, shape, err, sizeof(err)),
            QEDGE_NPY_OK);
  // The replaced file holds exactly what a write to a new file does: the
  // 128-byte header numpy writes for it and the 3 data bytes, nothing of the
  // longer old contents.
  TempFile fresh("fresh"), file("replaced");
  ASSERT_EQ(qedge_npy_write(fresh.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  file.write(std::string(300, 'x'));
  ASSERT_EQ(qedge_npy_write(file.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_OK)
      << err;
  EXPECT_EQ(file.read(), fresh.read());
  EXPECT_EQ(file.read().size(), 128u + 3u);

  // A directory fails before anything is written.
  std::string directory = testing::TempDir();
  EXPECT_EQ(qedge_npy_write(directory.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_ERROR_IO);
  EXPECT_EQ(std::string(err),
            "'" + directory + "': cannot open for writing: Is a directory");
  qedge_npy_free(&array);
}

TEST(NpyWriteTest, DevicesAreWrittenInPlace) {
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {3};
  ASSERT_EQ(qedge_npy_alloc(&array, QEDGE_NPY_INT8, 1, shape, err, sizeof(err)),
            QEDGE_NPY_OK);
  if (access("/dev/null", W_OK) == 0)
    EXPECT_EQ(qedge_npy_write("/dev/null", &array, err, sizeof(err)),
              QEDGE_NPY_OK)
        << err;
  if (access("/dev/full", W_OK) == 0) {
    EXPECT_EQ(qedge_npy_write("/dev/full", &array, err, sizeof(err)),
              QEDGE_NPY_ERROR_IO);
    EXPECT_EQ(std::string(err),
              "'/dev/full': cannot write: No space left on device");
  }
  qedge_npy_free(&array);
}

/// The names in `directory`, sorted.
static std::vector<std::string> listDirectory(const std::string &directory) {
  std::vector<std::string> names;
  if (DIR *dir = opendir(directory.c_str())) {
    while (dirent *entry = readdir(dir))
      if (std::strcmp(entry->d_name, ".") && std::strcmp(entry->d_name, ".."))
        names.push_back(entry->d_name);
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

static void removeTemporariesAndExit(int) {
  qedge_npy_remove_temporaries();
  _exit(3);
}

/// Writes 64 KiB to `path` under a 4 KiB file size limit, with a SIGXFSZ
/// handler that removes the temporary and exits with status 3.
[[noreturn]] static void writePastTheFileSizeLimit(const std::string &path) {
  std::signal(SIGXFSZ, removeTemporariesAndExit);
  rlimit limit = {4096, 4096};
  setrlimit(RLIMIT_FSIZE, &limit);
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {1 << 16};
  if (qedge_npy_alloc(&array, QEDGE_NPY_INT8, 1, shape, err, sizeof(err)) ==
      QEDGE_NPY_OK)
    qedge_npy_write(path.c_str(), &array, err, sizeof(err));
  _exit(1);
}

TEST(NpyWriteTest, SignalHandlersRemoveTheTemporary) {
  // A file size limit below the array's size ends the write with SIGXFSZ
  // while the temporary exists, every time; the handler a program installs
  // removes it, and the old file stays.
  std::string directory = testing::TempDir() + "qedge-npy-XXXXXX";
  ASSERT_NE(mkdtemp(directory.data()), nullptr);
  std::string path = directory + "/out.npy";
  {
    FILE *file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fputs("old", file);
    std::fclose(file);
  }
  EXPECT_EXIT(writePastTheFileSizeLimit(path), testing::ExitedWithCode(3),
              "");
  EXPECT_EQ(listDirectory(directory), std::vector<std::string>{"out.npy"});
  FILE *file = std::fopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  char old[8] = {};
  EXPECT_EQ(std::fread(old, 1, sizeof(old), file), 3u);
  std::fclose(file);
  EXPECT_STREQ(old, "old");
  std::remove(path.c_str());
  rmdir(directory.c_str());
}

TEST(NpyWriteTest, RejectsInconsistentArrays) {
  qedge_npy_array array;
  char err[256];
  const int64_t shape[] = {4};
  ASSERT_EQ(
      qedge_npy_alloc(&array, QEDGE_NPY_INT32, 1, shape, err, sizeof(err)),
      QEDGE_NPY_OK);
  array.shape[0] = 5; // Now larger than the data.
  TempFile file("bad");
  EXPECT_EQ(qedge_npy_write(file.path.c_str(), &array, err, sizeof(err)),
            QEDGE_NPY_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(std::string(err),
            "'" + file.path +
                "': invalid array (the shape does not match the data size)");
  qedge_npy_free(&array);

  const int64_t negative[] = {-1};
  EXPECT_EQ(
      qedge_npy_alloc(&array, QEDGE_NPY_INT32, 1, negative, err, sizeof(err)),
      QEDGE_NPY_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(qedge_npy_alloc(&array, static_cast<qedge_npy_dtype>(99), 1, shape,
                            err, sizeof(err)),
            QEDGE_NPY_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(qedge_npy_alloc(&array, QEDGE_NPY_INT32, QEDGE_NPY_MAX_RANK + 1,
                            shape, err, sizeof(err)),
            QEDGE_NPY_ERROR_INVALID_ARGUMENT);
}

TEST(NpyFormatShapeTest, SpellsShapesAndTruncates) {
  char buf[32];
  const int64_t shape[] = {2, 30, 400};
  EXPECT_EQ(qedge_npy_format_shape(0, nullptr, buf, sizeof(buf)), 2u);
  EXPECT_STREQ(buf, "[]");
  EXPECT_EQ(qedge_npy_format_shape(1, shape, buf, sizeof(buf)), 3u);
  EXPECT_STREQ(buf, "[2]");
  EXPECT_EQ(qedge_npy_format_shape(3, shape, buf, sizeof(buf)), 12u);
  EXPECT_STREQ(buf, "[2, 30, 400]");
  EXPECT_EQ(qedge_npy_format_shape(3, shape, buf, 6), 12u);
  EXPECT_STREQ(buf, "[2, 3");
}

} // namespace
