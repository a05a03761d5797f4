/* placeholder until the keys tool lands */
#include <stdio.h>
int main(void);
int main(void) { puts("sinetti-keys: not yet"); return 0; }
