/* Runs the compiled small_cnn classifier on a raw float32 input file and
   writes its raw float32 output: a program that uses only the header. */
#include <stdio.h>

#include "small_cnn.h"

int main(int argc, char **argv) {
  static float input[CLASSIFY_ARG0_ELEMENTS];
  static float output[CLASSIFY_RESULT0_ELEMENTS];
  FILE *in, *out;
  if (argc != 3)
    return 2;
  in = fopen(argv[1], "rb");
  if (!in || fread(input, sizeof input, 1, in) != 1)
    return 1;
  fclose(in);
  classify(input, output);
  out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof output, 1, out) != 1)
    return 1;
  return fclose(out) != 0;
}
