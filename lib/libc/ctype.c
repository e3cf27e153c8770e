/* Mica libc: <ctype.h> for the C locale (ASCII; every other value is in no class). */
#include "internal.h"

#ifndef MICA_HOST_TEST
#include "include/ctype.h"
#endif

/* Whether c is in [lo, hi]. */
static int in_range(int c, int lo, int hi)
{
    return c >= lo && c <= hi;
}

/* Decimal digit. */
int mica_isdigit(int c)
{
    return in_range(c, '0', '9');
}

/* Upper-case letter. */
int mica_isupper(int c)
{
    return in_range(c, 'A', 'Z');
}

/* Lower-case letter. */
int mica_islower(int c)
{
    return in_range(c, 'a', 'z');
}

/* Letter. */
int mica_isalpha(int c)
{
    return mica_isupper(c) || mica_islower(c);
}

/* Letter or digit. */
int mica_isalnum(int c)
{
    return mica_isalpha(c) || mica_isdigit(c);
}

/* Space or tab. */
int mica_isblank(int c)
{
    return c == ' ' || c == '\t';
}

/* Control character (0-31 and 127). */
int mica_iscntrl(int c)
{
    return in_range(c, 0, 31) || c == 127;
}

/* Printing character other than space. */
int mica_isgraph(int c)
{
    return in_range(c, '!', '~');
}

/* Printing character including space. */
int mica_isprint(int c)
{
    return in_range(c, ' ', '~');
}

/* Printing character that is neither a letter, a digit nor space. */
int mica_ispunct(int c)
{
    return mica_isgraph(c) && !mica_isalnum(c);
}

/* White space: space, \t \n \v \f \r. */
int mica_isspace(int c)
{
    return c == ' ' || in_range(c, '\t', '\r');
}

/* Hexadecimal digit. */
int mica_isxdigit(int c)
{
    return mica_isdigit(c) || in_range(c | 32, 'a', 'f');
}

/* Lower case of an upper-case letter, else c. */
int mica_tolower(int c)
{
    return mica_isupper(c) ? c | 32 : c;
}

/* Upper case of a lower-case letter, else c. */
int mica_toupper(int c)
{
    return mica_islower(c) ? c & 0x5f : c;
}

MICA_EXPORT(isalnum, mica_isalnum);
MICA_EXPORT(isalpha, mica_isalpha);
MICA_EXPORT(isblank, mica_isblank);
MICA_EXPORT(iscntrl, mica_iscntrl);
MICA_EXPORT(isdigit, mica_isdigit);
MICA_EXPORT(isgraph, mica_isgraph);
MICA_EXPORT(islower, mica_islower);
MICA_EXPORT(isprint, mica_isprint);
MICA_EXPORT(ispunct, mica_ispunct);
MICA_EXPORT(isspace, mica_isspace);
MICA_EXPORT(isupper, mica_isupper);
MICA_EXPORT(isxdigit, mica_isxdigit);
MICA_EXPORT(tolower, mica_tolower);
MICA_EXPORT(toupper, mica_toupper);
