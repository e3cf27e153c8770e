/* MAINRETURN0001: returning from main is reported and stops the thread cleanly. */
#include <stdio.h>

int main(void)
{
    printf("main_return: returning 7 from main\n");
    return 7;
}
