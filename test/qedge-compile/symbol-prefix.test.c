/* Calls two copies of one model, compiled with different symbol prefixes. */
#include <stdio.h>

#include "model_a.h"
#include "model_b.h"

int main(void) {
  float input[MODEL_A_CONV_ARG0_ELEMENTS];
  float a[MODEL_A_CONV_RESULT0_ELEMENTS], b[MODEL_B_CONV_RESULT0_ELEMENTS];
  int i, equal = 0;
  for (i = 0; i < MODEL_A_CONV_ARG0_ELEMENTS; ++i)
    input[i] = (float)((i * 37) % 23 - 11) / 8.0f;
  model_a_conv(input, a);
  model_b_conv(input, b);
  for (i = 0; i < MODEL_A_CONV_RESULT0_ELEMENTS; ++i)
    equal += a[i] == b[i];
  printf("equal outputs: %d of %d\n", equal, MODEL_A_CONV_RESULT0_ELEMENTS);
  return 0;
}
