/*
 * Mica libc: floating-point conversions of the printf engine (e E f F g G a A).
 *
 * Output is musl's.  Decimal conversions are exact: the double m * 2^e is expanded into its full
 * decimal value (m * 2^e, or m * 5^-e scaled by 10^e, at most 767 digits) in base-10^9 limbs,
 * then rounded to the requested digit half to even, which is what musl does in the default
 * rounding mode (the current FPU rounding mode is not consulted).  Facts followed:
 *   - a negative sign is printed whenever the sign bit is set: "-0.000000", "-nan";
 *   - inf and nan print as "inf" "nan" (upper case for E F G A) and ignore '0' and precision;
 *   - %e exponents have at least two digits; %a exponents at least one, and %a normalises every
 *     nonzero value (subnormals too) to a leading 1 before rounding, so rounding can produce a
 *     leading 2 ("%.0a" of 1.9 is "0x2p+0"); zero is "0x0p+0";
 *   - %g chooses the style from the exponent after rounding to P significant digits and strips
 *     trailing zeros unless '#'.
 * long double arguments are converted to double first, so %L conversions print the nearest
 * double (musl prints all 64 bits of the x87 format).
 */
#include <limits.h>

#include "format.h"
#include "include/errno.h"
#include "internal.h"

#define DEC_BASE 1000000000u
#define DEC_DIGITS 9 /* decimal digits per limb */
#define DEC_LIMBS 88 /* 767 digits at most (2^53 * 5^1074) need 86 limbs */

static const uint32_t pow10_small[DEC_DIGITS + 1] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
};

/* Exact decimal expansion of a finite double: value = (digits of limb[]) * 10^exp10. */
struct decimal {
    uint32_t limb[DEC_LIMBS]; /* base 10^9, least significant first; limb[n-1] != 0 unless 0 */
    int n;                    /* limbs in use, >= 1 */
    int ndig;                 /* decimal digits of the integer in limb[], >= 1 */
    int exp10;                /* power of ten of its last digit */
};

/* The expansion rounded to some number of leading digits; read it with rdigit(). */
struct rounded {
    const struct decimal *d;
    int keep;  /* leading digits of d kept */
    int bump;  /* index of the kept digit incremented by rounding up, or -1 */
    int carry; /* rounding up overflowed: the result is 1 followed by zeros */
    int zero;  /* every digit was rounded away */
    int exp;   /* power of ten of the result's first digit */
};

/* Multiply d by f (f < 2^31). */
static void dec_mul(struct decimal *d, uint32_t f)
{
    uint64_t carry = 0;
    for (int i = 0; i < d->n; i++) {
        uint64_t t = (uint64_t)d->limb[i] * f + carry;
        d->limb[i] = (uint32_t)(t % DEC_BASE);
        carry = t / DEC_BASE;
    }
    for (; carry; carry /= DEC_BASE) {
        d->limb[d->n++] = (uint32_t)(carry % DEC_BASE);
    }
}

/* Set d to the exact decimal value of m * 2^e2 (m < 2^53, -1074 <= e2 <= 971). */
static void dec_init(struct decimal *d, uint64_t m, int e2)
{
    d->n = 1;
    d->limb[0] = 0;
    d->exp10 = 0;
    if (m == 0) {
        e2 = 0; /* zero is the single digit 0 at 10^0 */
    } else {
        for (; !(m & 1); m >>= 1) {
            e2++; /* fewer factors of 5 to multiply in below */
        }
        d->n = 0;
        for (; m; m /= DEC_BASE) {
            d->limb[d->n++] = (uint32_t)(m % DEC_BASE);
        }
    }
    for (int k = e2; k > 0; k -= 30) {
        dec_mul(d, 1u << (k < 30 ? k : 30));
    }
    if (e2 < 0) {
        d->exp10 = e2; /* m * 2^e2 == m * 5^-e2 * 10^e2 */
        for (int k = -e2; k > 0; k -= 13) {
            uint32_t f = 1;
            for (int i = 0; i < (k < 13 ? k : 13); i++) {
                f *= 5;
            }
            dec_mul(d, f);
        }
    }
    int top = 1;
    while (top < DEC_DIGITS && d->limb[d->n - 1] >= pow10_small[top]) {
        top++;
    }
    d->ndig = (d->n - 1) * DEC_DIGITS + top;
}

/* Digit i of d counting from the most significant (0); 0 outside the expansion. */
static int dec_digit(const struct decimal *d, long long i)
{
    if (i < 0 || i >= d->ndig) {
        return 0;
    }
    int pos = d->ndig - 1 - (int)i; /* counted from the least significant digit */
    return (int)(d->limb[pos / DEC_DIGITS] / pow10_small[pos % DEC_DIGITS] % 10);
}

/* Whether any digit of d at index from or later is nonzero. */
static int dec_tail_nonzero(const struct decimal *d, int from)
{
    int count = d->ndig - from; /* trailing digits to examine */
    if (count <= 0) {
        return 0;
    }
    int full = count / DEC_DIGITS;
    for (int i = 0; i < full; i++) {
        if (d->limb[i]) {
            return 1;
        }
    }
    return full < d->n && d->limb[full] % pow10_small[count % DEC_DIGITS] != 0;
}

/* Round d to its first keep digits (any number, even <= 0), half to even, into r. */
static void dec_round(struct rounded *r, const struct decimal *d, long long keep)
{
    r->d = d;
    r->bump = -1;
    r->carry = 0;
    r->zero = 0;
    r->exp = d->ndig - 1 + d->exp10;
    if (keep >= d->ndig) {
        r->keep = d->ndig;
        return;
    }
    if (keep < 0) {
        r->keep = 0;
        r->zero = 1;
        return;
    }
    int k = (int)keep;
    r->keep = k;
    int first = dec_digit(d, k);
    int up = first > 5 ||
             (first == 5 && (dec_tail_nonzero(d, k + 1) || (dec_digit(d, k - 1) & 1)));
    if (!up) {
        r->zero = k == 0;
        return;
    }
    int j = k - 1;
    while (j >= 0 && dec_digit(d, j) == 9) {
        j--;
    }
    if (j >= 0) {
        r->bump = j;
    } else {
        r->carry = 1;
        r->exp++;
    }
}

/* Digit i of the rounded value, counting from its first digit (at 10^r->exp). */
static int rdigit(const struct rounded *r, long long i)
{
    if (r->zero) {
        return 0;
    }
    if (r->carry) {
        return i == 0;
    }
    if (i < 0 || i >= r->keep) {
        return 0;
    }
    if (r->bump >= 0 && i >= r->bump) {
        return i == r->bump ? dec_digit(r->d, i) + 1 : 0;
    }
    return dec_digit(r->d, i);
}

/* Index of the last nonzero digit of the rounded value (0 if it is zero). */
static int rlast(const struct rounded *r)
{
    if (r->zero || r->carry) {
        return 0;
    }
    if (r->bump >= 0) {
        return r->bump;
    }
    int i = r->keep - 1;
    while (i > 0 && dec_digit(r->d, i) == 0) {
        i--;
    }
    return i;
}

/* Emit one character (room already checked). */
static void put_char(struct fmt_out *o, char c)
{
    mica_fmt_write(o, &c, 1);
}

/* Write e as letter, sign and at least min_digits digits into buf; returns the length. */
static int exp_string(char *buf, char letter, int e, int min_digits)
{
    char tmp[12];
    int n = 0, len = 0;
    unsigned u = e < 0 ? -(unsigned)e : (unsigned)e;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n < min_digits) {
        tmp[n++] = '0';
    }
    buf[len++] = letter;
    buf[len++] = e < 0 ? '-' : '+';
    while (n) {
        buf[len++] = tmp[--n];
    }
    return len;
}

/* Emit the body of a %f-style number: integer digits, point, prec fraction digits. */
static void put_fixed(struct fmt_out *o, const struct rounded *r, long long prec, int dot)
{
    if (r->exp < 0) {
        put_char(o, '0');
    }
    for (long long i = 0; i <= r->exp; i++) {
        put_char(o, (char)('0' + rdigit(r, i)));
    }
    if (dot) {
        put_char(o, '.');
    }
    for (long long q = 1; q <= prec; q++) {
        put_char(o, (char)('0' + rdigit(r, r->exp + q)));
    }
}

/* Emit the body of a %e-style number: first digit, point, prec digits, exponent. */
static void put_sci(struct fmt_out *o, const struct rounded *r, long long prec, int dot,
                    const char *ebuf, int elen)
{
    put_char(o, (char)('0' + rdigit(r, 0)));
    if (dot) {
        put_char(o, '.');
    }
    for (long long i = 1; i <= prec; i++) {
        put_char(o, (char)('0' + rdigit(r, i)));
    }
    mica_fmt_write(o, ebuf, (size_t)elen);
}

/* Convert m * 2^e2 for e f g (either case) after the sign prefix sign[0..pl). */
static int fmt_decimal(struct fmt_out *o, const struct fmt_spec *sp, uint64_t m, int e2,
                       const char *sign, int pl)
{
    struct decimal d;
    struct rounded r;
    char ebuf[16];
    int elen = 0, sci = 0, alt = (sp->flags & FL_ALT) != 0;
    long long prec = sp->prec < 0 ? 6 : sp->prec;
    char kind = (char)(sp->conv | 32);

    dec_init(&d, m, e2);
    if (kind == 'f') {
        dec_round(&r, &d, (long long)d.ndig + d.exp10 + prec);
    } else if (kind == 'e') {
        sci = 1;
        dec_round(&r, &d, prec + 1);
    } else {
        long long sig = prec ? prec : 1; /* significant digits */
        dec_round(&r, &d, sig);
        sci = !(sig > r.exp && r.exp >= -4);
        prec = sci ? sig - 1 : sig - 1 - r.exp;
        if (!alt) {
            long long useful = sci ? rlast(&r) : rlast(&r) - r.exp;
            prec = useful < 0 ? 0 : useful < prec ? useful : prec;
        }
    }
    int dot = prec > 0 || alt;
    long long len = pl + dot + prec;
    if (sci) {
        elen = exp_string(ebuf, (sp->conv & 32) ? 'e' : 'E', r.exp, 2);
        len += 1 + elen;
    } else {
        len += r.exp > 0 ? r.exp + 1 : 1;
    }
    if (!mica_fmt_room(o, len > sp->width ? len : sp->width)) {
        return -1;
    }
    mica_fmt_lead(o, sp, len);
    mica_fmt_write(o, sign, (size_t)pl);
    mica_fmt_zeros(o, sp, len);
    if (sci) {
        put_sci(o, &r, prec, dot, ebuf, elen);
    } else {
        put_fixed(o, &r, prec, dot);
    }
    mica_fmt_trail(o, sp, len);
    return 0;
}

/* Convert m * 2^e2 for a and A after the sign prefix sign[0..pl). */
static int fmt_hex(struct fmt_out *o, const struct fmt_spec *sp, uint64_t m, int e2,
                   const char *sign, int pl)
{
    int upper = !(sp->conv & 32);
    const char *xd = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int nib = 13; /* fraction nibbles held in m below the leading digit */
    int exp = 0, p = sp->prec;
    if (m) {
        for (; !(m >> 52); m <<= 1) {
            e2--;
        }
        exp = e2 + 52;
    }
    if (p >= 0 && p < nib) {
        int drop = 52 - 4 * p;
        uint64_t rem = m & ((1ull << drop) - 1), half = 1ull << (drop - 1);
        m >>= drop;
        if (rem > half || (rem == half && (m & 1))) {
            m++;
        }
        nib = p;
    }
    long long nfrac = p;
    if (p < 0) {
        for (nfrac = nib; nfrac > 0 && !((m >> (4 * (nib - nfrac))) & 15); nfrac--) {
        }
    }
    char ebuf[16];
    int elen = exp_string(ebuf, upper ? 'P' : 'p', exp, 1);
    int dot = nfrac > 0 || (sp->flags & FL_ALT);
    long long len = pl + 3 + dot + nfrac + elen;
    if (!mica_fmt_room(o, len > sp->width ? len : sp->width)) {
        return -1;
    }
    mica_fmt_lead(o, sp, len);
    mica_fmt_write(o, sign, (size_t)pl);
    mica_fmt_write(o, upper ? "0X" : "0x", 2);
    mica_fmt_zeros(o, sp, len);
    put_char(o, xd[m >> (4 * nib)]);
    if (dot) {
        put_char(o, '.');
    }
    for (long long k = 1; k <= nfrac; k++) {
        put_char(o, k <= nib ? xd[(m >> (4 * (nib - k))) & 15] : '0');
    }
    mica_fmt_write(o, ebuf, (size_t)elen);
    mica_fmt_trail(o, sp, len);
    return 0;
}

/* Convert inf or nan: three letters after the sign, padded with spaces only. */
static int fmt_special(struct fmt_out *o, const struct fmt_spec *sp, int nan, const char *sign,
                       int pl)
{
    struct fmt_spec s = *sp;
    const char *text = (sp->conv & 32) ? (nan ? "nan" : "inf") : (nan ? "NAN" : "INF");
    long long len = pl + 3;
    s.flags &= ~FL_ZERO;
    if (!mica_fmt_room(o, len > s.width ? len : s.width)) {
        return -1;
    }
    mica_fmt_lead(o, &s, len);
    mica_fmt_write(o, sign, (size_t)pl);
    mica_fmt_write(o, text, 3);
    mica_fmt_trail(o, &s, len);
    return 0;
}

/* Format a double for e E f F g G a A; returns 0, or -1 with errno set (EOVERFLOW). */
int mica_fmt_float(struct fmt_out *o, const struct fmt_spec *sp, double v)
{
    uint64_t bits;
    __builtin_memcpy(&bits, &v, sizeof(bits));
    unsigned biased = (unsigned)(bits >> 52) & 0x7ff;
    uint64_t frac = bits & ((1ull << 52) - 1);
    const char *sign = "";
    int pl = 1;

    if (bits >> 63) {
        sign = "-";
    } else if (sp->flags & FL_PLUS) {
        sign = "+";
    } else if (sp->flags & FL_SPACE) {
        sign = " ";
    } else {
        pl = 0;
    }
    if (biased == 0x7ff) {
        return fmt_special(o, sp, frac != 0, sign, pl);
    }
    uint64_t m = biased ? frac | (1ull << 52) : frac;
    int e2 = biased ? (int)biased - 1075 : -1074;
    if ((sp->conv | 32) == 'a') {
        return fmt_hex(o, sp, m, e2, sign, pl);
    }
    return fmt_decimal(o, sp, m, e2, sign, pl);
}
