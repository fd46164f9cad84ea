/* Dies of SIGSEGV by writing through a null pointer. Both the pointer and
   the target are volatile, so the compiler can neither see the null (and
   emit a trap instead) nor drop the store. */
int main(void) {
  volatile int* volatile nowhere = 0;
  *nowhere = 1;
  return 0;
}
